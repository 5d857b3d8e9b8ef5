using System.Collections.Specialized;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>A service the stand-in holds, as seeded.</summary>
/// <param name="WebEndpoint">http://127.0.0.1:&lt;port&gt;/ serving the fake Langfuse web's
/// <c>/api/public/health</c> and <c>/api/public/ready</c> for this service.</param>
public sealed record SeededAppRunnerService(string ServiceArn, string ServiceName, string ServiceId, string ServiceUrl, Uri WebEndpoint)
{
    public Uri HealthUrl => new(WebEndpoint, AppRunnerStandIn.WebHealthPath);

    public Uri ReadyUrl => new(WebEndpoint, AppRunnerStandIn.WebReadyPath);
}

/// <summary>One request the stand-in received, for assertions.</summary>
public sealed record AppRunnerRequest(string Operation, string? ServiceArn, string Body, NameValueCollection Headers, DateTimeOffset ReceivedAt)
{
    public bool IsSigned => Headers["Authorization"]?.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal) == true;
}

/// <summary>A service's state now, read without going through the wire protocol (polls are not counted).</summary>
public sealed record AppRunnerServiceSnapshot(
    string ServiceArn,
    string Status,
    string ImageIdentifier,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    IReadOnlyDictionary<string, string> Secrets,
    string EgressType,
    string? VpcConnectorArn,
    AppRunnerHealthCheck? HealthCheck,
    string ServingImageIdentifier,
    string ServiceJson);

/// <summary>An operation as ListOperations reports it.</summary>
public sealed record AppRunnerOperationSnapshot(string Id, string Type, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
