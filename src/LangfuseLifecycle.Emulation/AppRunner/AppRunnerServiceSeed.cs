namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>An App Runner service as a test wants it to exist before the code under test runs.</summary>
/// <param name="ServiceName">4–40 characters, letters, digits, '-' and '_'.</param>
/// <param name="ImageIdentifier">An ECR or ECR Public image, e.g. <c>public.ecr.aws/langfuse/langfuse:2.95.0</c>.</param>
public sealed record AppRunnerServiceSeed(string ServiceName, string ImageIdentifier)
{
    /// <summary>ECR_PUBLIC for public.ecr.aws images, ECR otherwise, unless set.</summary>
    public string? ImageRepositoryType { get; init; }

    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>Name → Secrets Manager or SSM parameter ARN.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    public string Port { get; init; } = "3000";

    public string? StartCommand { get; init; }

    /// <summary>Role App Runner uses to pull from private ECR.</summary>
    public string? AccessRoleArn { get; init; }

    public bool AutoDeploymentsEnabled { get; init; }

    public AppRunnerHealthCheck HealthCheck { get; init; } = new();

    /// <summary>Set for VPC egress through a VPC connector; null for DEFAULT (public) egress.</summary>
    public string? VpcConnectorArn { get; init; }

    public bool IsPubliclyAccessible { get; init; } = true;

    public string Cpu { get; init; } = "1024";

    public string Memory { get; init; } = "2048";

    public string? InstanceRoleArn { get; init; }

    /// <summary>RUNNING, PAUSED, or OPERATION_IN_PROGRESS (an in-flight START_DEPLOYMENT that finishes RUNNING after
    /// the configured number of polls). CREATE_FAILED/DELETED/DELETE_FAILED are accepted as plain states.</summary>
    public string Status { get; init; } = "RUNNING";

    /// <summary>Defaults to <c>&lt;random&gt;.us-east-1.awsapprunner.com</c>, like the real service (no scheme).</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Reports the fake web's own <c>http://127.0.0.1:&lt;port&gt;</c> as ServiceUrl, so code that probes
    /// <c>https://&lt;ServiceUrl&gt;/api/public/health</c> on a real service reaches the fake web here (the probe keeps a
    /// URL that already has a scheme). Overrides <see cref="ServiceUrl"/>.</summary>
    public bool ServiceUrlIsWebEndpoint { get; init; }
}

/// <summary>App Runner's HealthCheckConfiguration; defaults are Langfuse's HTTP health path with App Runner's defaults.</summary>
public sealed record AppRunnerHealthCheck(
    string Protocol = "HTTP",
    string Path = "/api/public/health",
    int Interval = 5,
    int Timeout = 2,
    int HealthyThreshold = 1,
    int UnhealthyThreshold = 5);
