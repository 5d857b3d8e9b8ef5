namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>App Runner: the Langfuse web service.</summary>
public interface IWebService
{
    /// <summary>The service and its complete configuration, or null when it does not exist.</summary>
    Task<WebServiceObservation?> DescribeAsync(string serviceArn, CancellationToken cancellationToken);

    /// <summary>Starts UpdateService and returns its operation id.</summary>
    Task<string> UpdateAsync(string serviceArn, WebConfiguration configuration, CancellationToken cancellationToken);

    /// <summary>The most recent operation on the service, or null when there is none.</summary>
    Task<WebOperation?> LatestOperationAsync(string serviceArn, CancellationToken cancellationToken);

    Task<WebOperation?> DescribeOperationAsync(string serviceArn, string operationId, CancellationToken cancellationToken);
}

/// <summary>An App Runner operation: status PENDING, IN_PROGRESS, SUCCEEDED, FAILED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCEEDED, ROLLBACK_FAILED.</summary>
public sealed record WebOperation(string Id, string Type, string Status);
