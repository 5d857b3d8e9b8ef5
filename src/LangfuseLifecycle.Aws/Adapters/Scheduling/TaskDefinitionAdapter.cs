using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>Registers a copy of a task definition whose containers carry extra environment variables. The copy keeps every
/// registrable field (roles, volumes, cpu/memory, runtime platform, tags), so only the environment differs.</summary>
public sealed class TaskDefinitionAdapter(IAmazonECS ecs) : ITaskDefinitionPort
{
    public async Task<string> RegisterWithEnvironmentAsync(string taskDefinitionArn, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var described = await ecs.DescribeTaskDefinitionAsync(
            new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinitionArn, Include = ["TAGS"] }, cancellationToken).ConfigureAwait(false);
        var definition = described.TaskDefinition ?? throw new InvalidOperationException($"ECS returned no task definition for '{taskDefinitionArn}'.");
        var containers = definition.ContainerDefinitions ?? [];

        var changed = false;
        foreach (var container in containers)
        {
            container.Environment ??= [];
            foreach (var (name, value) in environment)
            {
                var existing = container.Environment.FirstOrDefault(variable => variable.Name == name);
                if (existing is null)
                {
                    container.Environment.Add(new ECS.Model.KeyValuePair { Name = name, Value = value });
                    changed = true;
                }
                else if (existing.Value != value)
                {
                    existing.Value = value;
                    changed = true;
                }
            }
        }

        if (!changed)
        {
            return definition.TaskDefinitionArn ?? taskDefinitionArn;
        }

        var registered = await ecs.RegisterTaskDefinitionAsync(
            new RegisterTaskDefinitionRequest
            {
                Family = definition.Family,
                TaskRoleArn = definition.TaskRoleArn,
                ExecutionRoleArn = definition.ExecutionRoleArn,
                NetworkMode = definition.NetworkMode,
                ContainerDefinitions = containers,
                Volumes = definition.Volumes,
                PlacementConstraints = definition.PlacementConstraints,
                RequiresCompatibilities = definition.RequiresCompatibilities,
                Cpu = definition.Cpu,
                Memory = definition.Memory,
                Tags = described.Tags is { Count: > 0 } tags ? tags : null,
                PidMode = definition.PidMode,
                IpcMode = definition.IpcMode,
                ProxyConfiguration = definition.ProxyConfiguration,
                InferenceAccelerators = definition.InferenceAccelerators,
                EphemeralStorage = definition.EphemeralStorage,
                RuntimePlatform = definition.RuntimePlatform,
                EnableFaultInjection = definition.EnableFaultInjection,
            },
            cancellationToken).ConfigureAwait(false);
        return registered.TaskDefinition?.TaskDefinitionArn
            ?? throw new InvalidOperationException($"ECS registered no revision for family '{definition.Family}'.");
    }
}
