namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// Everything App Runner's UpdateService can set on the web: the rollback record is the v2 value of this, complete,
/// so that restoring it puts back exactly what ran before.
/// </summary>
public sealed record WebConfiguration
{
    public required string ImageIdentifier { get; init; }
    /// <summary><c>ECR</c> or <c>ECR_PUBLIC</c>.</summary>
    public required string ImageRepositoryType { get; init; }
    public string Port { get; init; } = "3000";
    public string? StartCommand { get; init; }
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    /// <summary>Name → Secrets Manager or SSM parameter ARN.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentSecrets { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public string? AccessRoleArn { get; init; }
    public bool AutoDeploymentsEnabled { get; init; }
    public string? Cpu { get; init; }
    public string? Memory { get; init; }
    public string? InstanceRoleArn { get; init; }
    /// <summary><c>DEFAULT</c> (public internet) or <c>VPC</c>.</summary>
    public string EgressType { get; init; } = "DEFAULT";
    public string? VpcConnectorArn { get; init; }
    /// <summary>Ingress and IP type travel with egress in App Runner's NetworkConfiguration, which UpdateService replaces whole: recorded so neither changes.</summary>
    public bool IsPubliclyAccessible { get; init; } = true;
    public string? IpAddressType { get; init; }
    public required WebHealthCheck HealthCheck { get; init; }

    /// <summary>True when the variable is set either in plain text or as a secret.</summary>
    public bool Defines(string name) => EnvironmentVariables.ContainsKey(name) || EnvironmentSecrets.ContainsKey(name);

    /// <summary>Semantic equality (dictionaries by content), used to recognise a switch or rollback that already happened.</summary>
    public bool SameAs(WebConfiguration other) =>
        ImageIdentifier == other.ImageIdentifier
        && ImageRepositoryType == other.ImageRepositoryType
        && Port == other.Port
        && StartCommand == other.StartCommand
        && SameEntries(EnvironmentVariables, other.EnvironmentVariables)
        && SameEntries(EnvironmentSecrets, other.EnvironmentSecrets)
        && EgressType == other.EgressType
        && VpcConnectorArn == other.VpcConnectorArn
        && IsPubliclyAccessible == other.IsPubliclyAccessible
        && Cpu == other.Cpu
        && Memory == other.Memory
        && InstanceRoleArn == other.InstanceRoleArn
        && HealthCheck == other.HealthCheck;

    private static bool SameEntries(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var value) && value == pair.Value);
}

/// <summary>App Runner health check; interval and timeout are capped at 20 s, thresholds at 20 by App Runner.</summary>
public sealed record WebHealthCheck(string Protocol, string Path, int IntervalSeconds, int TimeoutSeconds, int HealthyThreshold, int UnhealthyThreshold)
{
    /// <summary>
    /// The v3 web runs PostgreSQL and ClickHouse migrations at start-up; killing it midway leaves ClickHouse
    /// "Dirty database version" (langfuse #6639). App Runner's maximums give it 20 × 20 s before it is replaced.
    /// </summary>
    public static WebHealthCheck GenerousForStartupMigrations { get; } = new("HTTP", "/api/public/health", 20, 20, 1, 20);
}
