using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>Registers a copy of a task definition whose containers carry extra environment variables. The copy keeps every
/// registrable field (roles, volumes, cpu/memory, runtime platform, tags), so only the environment differs.</summary>
public sealed class TaskDefinitionAdapter(IAmazonECS ecs) : ITaskDefinitionPort
{
    /// <summary>
    /// The variables are Langfuse's (LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS): only the Langfuse container gets them, not a log
    /// router, an agent or another sidecar. It is the container whose image repository is langfuse-worker or langfuse
    /// (Docker Hub, ECR or a pull-through cache path alike); a task of one container needs no name match.
    /// </summary>
    internal static IReadOnlyList<ContainerDefinition> LangfuseContainers(IReadOnlyList<ContainerDefinition> containers, string taskDefinitionArn)
    {
        var langfuse = containers.Where(container => IsLangfuseImage(container.Image)).ToList();
        if (langfuse.Count > 0)
        {
            return langfuse;
        }

        return containers.Count == 1
            ? containers
            : throw new InvalidOperationException(
                $"Task definition '{taskDefinitionArn}' has {containers.Count} containers and none runs a langfuse-worker image "
                + $"({string.Join(", ", containers.Select(container => $"{container.Name}={container.Image}"))}), so the Langfuse container is unknown. "
                + "Fix: run the worker from an image whose repository is named langfuse-worker.");
    }

    private static bool IsLangfuseImage(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return false;
        }

        var withoutDigest = image.Split('@')[0];
        var repository = withoutDigest[(withoutDigest.LastIndexOf('/') + 1)..].Split(':')[0];
        return repository is "langfuse-worker" or "langfuse";
    }

    public async Task<string> RegisterWithEnvironmentAsync(string taskDefinitionArn, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var described = await ecs.DescribeTaskDefinitionAsync(
            new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinitionArn, Include = ["TAGS"] }, cancellationToken).ConfigureAwait(false);
        var definition = described.TaskDefinition ?? throw new InvalidOperationException($"ECS returned no task definition for '{taskDefinitionArn}'.");
        var containers = definition.ContainerDefinitions ?? [];

        var changed = false;
        foreach (var container in LangfuseContainers(containers, taskDefinitionArn))
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
