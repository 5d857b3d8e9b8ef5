using LangfuseLifecycle.Aws.Adapters.Scheduling;
using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Functions.Health;

namespace LangfuseLifecycle.Functions.Handlers.Scaler;

/// <summary>
/// The scheduler's ports on AWS, built once per sandbox: the scaler function and the migration's Backend phase wake and
/// put to sleep the same backend through the same adapters.
/// </summary>
internal sealed class SchedulerAdapters
{
    public SchedulerAdapters(AwsClientConfig aws)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var ecsClient = new AmazonECSClient(aws);
        Ecs = new EcsServiceAdapter(ecsClient);
        TaskDefinitions = new TaskDefinitionAdapter(ecsClient);
        ScalableTargets = new ScalableTargetAdapter(new AmazonApplicationAutoScalingClient(aws));
        FileSystems = new FileSystemAdapter(new AmazonElasticFileSystemClient(aws));
        Subnets = new SubnetAdapter(new AmazonEC2Client(aws));
    }

    public IEcsServicePort Ecs { get; }

    public ITaskDefinitionPort TaskDefinitions { get; }

    public IScalableTargetPort ScalableTargets { get; }

    public IFileSystemPort FileSystems { get; }

    public ISubnetPort Subnets { get; }

    public static IHealthProbe Health() => HttpHealthProbe.CreateDefault();

    /// <param name="withTaskDefinitions">Only the migration starts workers with environment overrides (new task definitions).</param>
    public SchedulingPorts Ports(IHealthProbe health, TimeProvider time, bool withTaskDefinitions) =>
        new(Ecs, ScalableTargets, FileSystems, Subnets, health, time, withTaskDefinitions ? TaskDefinitions : null);
}
