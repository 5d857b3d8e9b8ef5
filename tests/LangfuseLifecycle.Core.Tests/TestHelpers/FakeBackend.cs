using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.TestHelpers;

/// <summary>An in-memory Langfuse backend behind every scheduling port. It logs each call in order and records every moment
/// the safety invariants were broken (ClickHouse outside its AZ, two ClickHouse tasks, a worker running against a stopped ClickHouse).</summary>
public sealed class FakeBackend : IEcsServicePort, IScalableTargetPort, IFileSystemPort, ISubnetPort, IHealthProbe, ISleepSchedulePort, IScalerEventPublisher, ITaskDefinitionPort
{
    public const string Cluster = "langfuse";
    public const string ClickHouse = "clickhouse";
    public const string Worker = "worker";
    public const string FileSystemId = "fs-0123456789abcdef0";
    public const string ZoneA = "apne1-az4";
    public const string ZoneC = "apne1-az1";
    public const string SubnetA = "subnet-aaaa";
    public const string SubnetC = "subnet-cccc";
    public const string SubnetA2 = "subnet-aaa2";

    public Dictionary<string, FakeService> Services { get; } = new();
    public Dictionary<string, CapacityRange> Capacities { get; } = new();
    public Dictionary<string, SubnetPlacement> Subnets { get; } = new();
    public FileSystemPlacement? FileSystem { get; set; }
    public List<string> Calls { get; } = [];
    public List<string> Violations { get; } = [];
    public List<OneTimeSchedule> Schedules { get; } = [];
    public List<ScalerSummary> PublishedEvents { get; } = [];
    public List<(string TaskDefinition, IReadOnlyDictionary<string, string> Environment)> RegisteredTaskDefinitions { get; } = [];

    /// <summary>How many describe polls a started or stopped service takes to reach its desired count (0: at once).</summary>
    public int PollsToSettle { get; set; }

    /// <summary>Health probes answering "unhealthy" before the URL answers 200; int.MaxValue: never healthy.</summary>
    public Dictionary<string, int> UnhealthyProbes { get; } = new();

    public Exception? PublishFailure { get; set; }

    /// <summary>Runs before each call; tests use it to cancel or fail at a chosen point.</summary>
    public Action<string>? BeforeCall { get; set; }

    public int MaxClickHouseTasksSeen { get; private set; }

    public int TotalCalls => Calls.Count;

    public static FakeBackend Langfuse(int workerDesired = 2, int clickHouseDesired = 1, CapacityRange? workerCapacity = null, params string[] clickHouseSubnets)
    {
        var backend = new FakeBackend
        {
            FileSystem = new FileSystemPlacement(FileSystemId, "ap-northeast-1a", ZoneA, [new MountTargetPlacement("fsmt-1", SubnetA, "ap-northeast-1a", ZoneA)]),
        };
        backend.Subnets[SubnetA] = new SubnetPlacement(SubnetA, "ap-northeast-1a", ZoneA);
        backend.Subnets[SubnetA2] = new SubnetPlacement(SubnetA2, "ap-northeast-1a", ZoneA);
        backend.Subnets[SubnetC] = new SubnetPlacement(SubnetC, "ap-northeast-1c", ZoneC);
        backend.Services[ClickHouse] = new FakeService(ClickHouse, clickHouseDesired)
        {
            Network = new AwsVpcPlacement(clickHouseSubnets.Length > 0 ? clickHouseSubnets : [SubnetA], ["sg-clickhouse"], false),
            Limits = new DeploymentLimits(100, 0),
        };
        backend.Services[Worker] = new FakeService(Worker, workerDesired)
        {
            Network = new AwsVpcPlacement([SubnetA, SubnetC], ["sg-worker"], true),
            Limits = new DeploymentLimits(200, 100),
        };
        backend.Capacities[$"service/{Cluster}/{Worker}"] = workerCapacity ?? new CapacityRange(1, 4);
        return backend;
    }

    public static BackendTopology Topology(Uri? clickHouseHealth = null, Uri? workerHealth = null) =>
        new(Cluster, ClickHouse, [Worker], FileSystemId, clickHouseHealth, workerHealth);

    public FakeService this[string name] => Services[name];

    public CapacityRange? CapacityOf(string service) => Capacities.GetValueOrDefault($"service/{Cluster}/{service}");

    public Task<IReadOnlyList<EcsServiceState>> DescribeServicesAsync(string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        Record($"DescribeServices {string.Join(",", services)}", cancellationToken);
        var result = new List<EcsServiceState>();
        foreach (var name in services)
        {
            if (cluster == Cluster && Services.TryGetValue(name, out var service))
            {
                service.Settle(PollsToSettle);
                result.Add(service.ToState());
            }
        }

        TrackInvariants();
        return Task.FromResult<IReadOnlyList<EcsServiceState>>(result);
    }

    public Task UpdateServiceAsync(string cluster, string service, EcsServiceUpdate update, CancellationToken cancellationToken)
    {
        Record($"UpdateService {service}" + Describe(update), cancellationToken);
        var target = Services[service];
        if (update.Network is not null && target.Running > 0 && (update.DeploymentLimits ?? target.Limits) is { MaximumPercent: > 100 })
        {
            // A rolling deployment starts the replacement before it stops the old task.
            target.TransientExtraTasks = target.Running;
            TrackInvariants();
            target.TransientExtraTasks = 0;
        }

        var starts = update.Network is not null || (update.DesiredCount > 0 && target.Desired == 0);
        target.Apply(update, PollsToSettle);
        if (service == ClickHouse && starts && target.Desired > 0 && FileSystem?.AvailabilityZoneId is { } zone
            && target.Network!.Subnets.Any(subnet => Subnets.GetValueOrDefault(subnet)?.AvailabilityZoneId != zone))
        {
            Violations.Add($"ClickHouse may start outside {zone}: {string.Join(",", target.Network.Subnets)}");
        }

        TrackInvariants();
        return Task.CompletedTask;
    }

    public Task TagServiceAsync(string serviceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var service = ByArn(serviceArn);
        Record($"TagService {service.Name} {string.Join(",", tags.Keys.Select(ShortTag))}", cancellationToken);
        foreach (var (key, value) in tags)
        {
            service.Tags[key] = value;
        }

        return Task.CompletedTask;
    }

    public Task UntagServiceAsync(string serviceArn, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken)
    {
        var service = ByArn(serviceArn);
        Record($"UntagService {service.Name} {string.Join(",", tagKeys.Select(ShortTag))}", cancellationToken);
        foreach (var key in tagKeys)
        {
            service.Tags.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, CapacityRange>> DescribeAsync(IReadOnlyList<string> resourceIds, CancellationToken cancellationToken)
    {
        Record("DescribeScalableTargets", cancellationToken);
        IReadOnlyDictionary<string, CapacityRange> found = resourceIds.Where(Capacities.ContainsKey).ToDictionary(id => id, id => Capacities[id]);
        return Task.FromResult(found);
    }

    public Task SetCapacityAsync(string resourceId, CapacityRange capacity, CancellationToken cancellationToken)
    {
        Record($"RegisterScalableTarget {resourceId.Split('/')[^1]} min={capacity.MinCapacity} max={capacity.MaxCapacity}", cancellationToken);
        Capacities[resourceId] = capacity;
        return Task.CompletedTask;
    }

    public Task<FileSystemPlacement?> DescribeAsync(string fileSystemId, CancellationToken cancellationToken)
    {
        Record("DescribeFileSystems", cancellationToken);
        return Task.FromResult(FileSystem?.FileSystemId == fileSystemId ? FileSystem : null);
    }

    Task<IReadOnlyList<SubnetPlacement>> ISubnetPort.DescribeAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken)
    {
        Record("DescribeSubnets", cancellationToken);
        return Task.FromResult<IReadOnlyList<SubnetPlacement>>([.. subnetIds.Where(Subnets.ContainsKey).Select(id => Subnets[id])]);
    }

    public Task<ProbeResult> ProbeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        Record($"GET {endpoint.Host}", cancellationToken);
        var remaining = UnhealthyProbes.GetValueOrDefault(endpoint.Host);
        if (remaining > 0)
        {
            UnhealthyProbes[endpoint.Host] = remaining == int.MaxValue ? remaining : remaining - 1;
            return Task.FromResult(new ProbeResult(endpoint, false, "503"));
        }

        return Task.FromResult(new ProbeResult(endpoint, true, "200"));
    }

    public Task<bool> CreateAsync(OneTimeSchedule schedule, CancellationToken cancellationToken)
    {
        Record($"CreateSchedule {schedule.Name}", cancellationToken);
        if (Schedules.Any(existing => existing.Name == schedule.Name))
        {
            return Task.FromResult(false);
        }

        Schedules.Add(schedule);
        return Task.FromResult(true);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        Record($"DeleteSchedule {name}", cancellationToken);
        Schedules.RemoveAll(existing => existing.Name == name);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OneTimeSchedule>> ListAsync(string namePrefix, CancellationToken cancellationToken)
    {
        Record("ListSchedules", cancellationToken);
        return Task.FromResult<IReadOnlyList<OneTimeSchedule>>([.. Schedules.Where(schedule => schedule.Name.StartsWith(namePrefix, StringComparison.Ordinal))]);
    }

    public Task PublishAsync(ScalerSummary summary, CancellationToken cancellationToken)
    {
        Record($"PutEvents {summary.Action}", cancellationToken);
        if (PublishFailure is not null)
        {
            throw PublishFailure;
        }

        PublishedEvents.Add(summary);
        return Task.CompletedTask;
    }

    public Task<string> RegisterWithEnvironmentAsync(string taskDefinitionArn, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Record($"RegisterTaskDefinition {string.Join(",", environment.Select(pair => $"{pair.Key}={pair.Value}"))}", cancellationToken);
        RegisteredTaskDefinitions.Add((taskDefinitionArn, environment));
        return Task.FromResult($"{taskDefinitionArn.Split(':')[0]}:override{RegisteredTaskDefinitions.Count}");
    }

    /// <summary>Calls whose name starts with one of the mutating verbs.</summary>
    public IReadOnlyList<string> Changes => [.. Calls.Where(call => call.StartsWith("Update", StringComparison.Ordinal) || call.StartsWith("Tag", StringComparison.Ordinal)
        || call.StartsWith("Untag", StringComparison.Ordinal) || call.StartsWith("Register", StringComparison.Ordinal) || call.StartsWith("Create", StringComparison.Ordinal))];

    private void Record(string call, CancellationToken cancellationToken)
    {
        BeforeCall?.Invoke(call);
        cancellationToken.ThrowIfCancellationRequested();
        Calls.Add(call);
    }

    private FakeService ByArn(string arn) => Services.Values.Single(service => service.Arn == arn);

    private void TrackInvariants()
    {
        var clickHouse = Services[ClickHouse];
        var clickHouseTasks = clickHouse.Running + clickHouse.Pending + clickHouse.TransientExtraTasks;
        MaxClickHouseTasksSeen = Math.Max(MaxClickHouseTasksSeen, clickHouseTasks);
        if (clickHouseTasks > 1)
        {
            Violations.Add($"{clickHouseTasks} ClickHouse tasks");
        }

        if (clickHouse.Running == 0 && Services.Values.Any(service => service.Name != ClickHouse && service.Running + service.Pending > 0))
        {
            Violations.Add("worker running against a stopped ClickHouse");
        }
    }

    private static string Describe(EcsServiceUpdate update) =>
        (update.DesiredCount is { } desired ? $" desired={desired}" : "")
        + (update.Network is { } network ? $" subnets={string.Join(",", network.Subnets)}" : "")
        + (update.DeploymentLimits is { } limits ? $" max={limits.MaximumPercent} min={limits.MinimumHealthyPercent}" : "")
        + (update.TaskDefinitionArn is { } taskDefinition ? $" taskDefinition={taskDefinition}" : "");

    private static string ShortTag(string key) => key.Replace("langfuse-lifecycle:", "", StringComparison.Ordinal);
}

public sealed class FakeService(string name, int desired)
{
    public string Name { get; } = name;
    public string Arn { get; } = $"arn:aws:ecs:ap-northeast-1:123456789012:service/{FakeBackend.Cluster}/{name}";
    public int Desired { get; set; } = desired;
    public int Running { get; set; } = desired;
    public int Pending { get; set; }
    public int TransientExtraTasks { get; set; }
    public string TaskDefinition { get; set; } = $"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/{name}:1";
    public AwsVpcPlacement? Network { get; set; }
    public DeploymentLimits? Limits { get; set; }
    public Dictionary<string, string> Tags { get; } = new();
    public string RolloutState { get; set; } = "COMPLETED";

    /// <summary>Replaces the single PRIMARY deployment DescribeServices reports, e.g. with a circuit-breaker rollback.</summary>
    public Func<FakeService, IReadOnlyList<DeploymentState>>? DeploymentsOverride { get; set; }
    private int _pollsUntilSettled;

    internal void Apply(EcsServiceUpdate update, int pollsToSettle)
    {
        if (update.Network is not null)
        {
            Network = update.Network;
        }

        if (update.DeploymentLimits is not null)
        {
            Limits = update.DeploymentLimits;
        }

        if (update.TaskDefinitionArn is not null)
        {
            TaskDefinition = update.TaskDefinitionArn;
        }

        if (update.DesiredCount is { } desired)
        {
            Desired = desired;
            _pollsUntilSettled = pollsToSettle;
            if (pollsToSettle == 0)
            {
                Running = desired;
                Pending = 0;
            }
            else
            {
                Pending = Math.Max(0, desired - Running);
            }
        }
    }

    internal void Settle(int pollsToSettle)
    {
        if (Running == Desired && Pending == 0)
        {
            return;
        }

        if (_pollsUntilSettled > 0)
        {
            _pollsUntilSettled--;
            return;
        }

        Running = Desired;
        Pending = 0;
    }

    internal EcsServiceState ToState()
    {
        var deployments = DeploymentsOverride?.Invoke(this)
            ?? [new DeploymentState("PRIMARY", RolloutState, Desired, Running, RolloutState == "FAILED" ? "tasks failed to start" : null, TaskDefinition, Network)];

        // Like ECS, the service reports the revision of its PRIMARY deployment (after a rollback: the previous one).
        var primary = deployments.FirstOrDefault(deployment => deployment.Status == "PRIMARY");
        return new(Name, Arn, "ACTIVE", Desired, Running, Pending, primary?.TaskDefinitionArn ?? TaskDefinition, deployments, Network, Limits, new Dictionary<string, string>(Tags));
    }
}
