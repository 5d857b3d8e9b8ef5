using LangfuseLifecycle.Aws.AppRunner;
using LangfuseLifecycle.Aws.AppRunner.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>
/// The Langfuse web on App Runner. Reads the complete configuration UpdateService can set and writes it back whole
/// (image, environment, secrets, instance, health check and network), so a rollback restores exactly what ran.
/// </summary>
/// <param name="appRunner">Every call but UpdateService (idempotent reads, retried by the AWS layer).</param>
/// <param name="singleAttemptAppRunner">UpdateService only, sent once per attempt: the AWS layer must not resend it blindly.</param>
/// <param name="updateRetries">How often and how long apart this adapter retries UpdateService itself.</param>
public sealed class AppRunnerWebService(IAmazonAppRunner appRunner, IAmazonAppRunner singleAttemptAppRunner, AwsRetryPolicy updateRetries, TimeProvider time) : IWebService
{
    public AppRunnerWebService(AwsClientConfig aws)
        : this(new AmazonAppRunnerClient(aws), new AmazonAppRunnerClient(aws.WithRetryPolicy(AwsRetryPolicy.None)), aws.RetryPolicy, aws.TimeProvider)
    {
    }

    public async Task<WebServiceObservation?> DescribeAsync(string serviceArn, CancellationToken cancellationToken)
    {
        var response = await TransientAwsErrors.FindAsync("App Runner DescribeService", () =>
            appRunner.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = serviceArn }, cancellationToken)!).ConfigureAwait(false);
        return response?.Service is { } service ? ToObservation(service) : null;
    }

    /// <summary>
    /// UpdateService is not idempotent: after a 5xx or a dropped connection App Runner may have applied it, and sending it
    /// again would meet its own operation (InvalidStateException, a false "busy"). So every retry first reads the service:
    /// an update running or done with this configuration is the one already sent, and its operation is the answer.
    /// </summary>
    public async Task<string> UpdateAsync(string serviceArn, WebConfiguration configuration, CancellationToken cancellationToken)
    {
        var request = ToUpdateRequest(serviceArn, configuration);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await singleAttemptAppRunner.UpdateServiceAsync(request, cancellationToken).ConfigureAwait(false);
                return response.OperationId ?? throw new WebSwitchFailedException($"App Runner accepted UpdateService on {serviceArn} but returned no operation id.");
            }
            catch (AwsServiceException exception) when (exception.ErrorCode == "InvalidStateException")
            {
                throw new WebServiceBusyException($"App Runner refused UpdateService on {serviceArn} because of its state: {exception.ErrorMessage}");
            }
            catch (AwsServiceException exception) when (!exception.IsRetryable)
            {
                throw new WebSwitchFailedException($"App Runner refused UpdateService on {serviceArn}: {exception.ErrorCode}: {exception.ErrorMessage}", exception);
            }
            catch (Exception exception) when (exception is AwsServiceException or AwsConnectionException)
            {
                if (attempt >= updateRetries.MaxAttempts)
                {
                    throw new TransientAwsException($"App Runner UpdateService: {exception.Message}", exception);
                }
            }

            await Task.Delay(updateRetries.DelayBefore(attempt + 1), time, cancellationToken).ConfigureAwait(false);
            if (await AppliedUpdateAsync(serviceArn, configuration, cancellationToken).ConfigureAwait(false) is { } applied)
            {
                return applied;
            }
        }
    }

    /// <summary>The operation of an update already applied with <paramref name="configuration"/>, or null when none was.</summary>
    private async Task<string?> AppliedUpdateAsync(string serviceArn, WebConfiguration configuration, CancellationToken cancellationToken)
    {
        var service = await DescribeAsync(serviceArn, cancellationToken).ConfigureAwait(false);
        if (service is null || !(service.Status == "OPERATION_IN_PROGRESS" || service.Configuration.SameAs(configuration)))
        {
            return null;
        }

        var operations = await ListAsync(serviceArn, maxResults: 5, cancellationToken).ConfigureAwait(false);
        return operations.FirstOrDefault(operation => operation.Type == "UPDATE_SERVICE")?.Id;
    }

    public async Task<WebOperation?> LatestOperationAsync(string serviceArn, CancellationToken cancellationToken)
    {
        var operations = await ListAsync(serviceArn, maxResults: 1, cancellationToken).ConfigureAwait(false);
        return operations.FirstOrDefault();
    }

    public async Task<WebOperation?> DescribeOperationAsync(string serviceArn, string operationId, CancellationToken cancellationToken)
    {
        // App Runner has no DescribeOperation; ListOperations returns the newest first, and ours is among the recent ones.
        var operations = await ListAsync(serviceArn, maxResults: 20, cancellationToken).ConfigureAwait(false);
        return operations.FirstOrDefault(operation => operation.Id == operationId);
    }

    private async Task<IReadOnlyList<WebOperation>> ListAsync(string serviceArn, int maxResults, CancellationToken cancellationToken)
    {
        var response = await TransientAwsErrors.CallAsync("App Runner ListOperations", () =>
            appRunner.ListOperationsAsync(new ListOperationsRequest { ServiceArn = serviceArn, MaxResults = maxResults }, cancellationToken)).ConfigureAwait(false);
        return (response.OperationSummaryList ?? [])
            .Select(operation => new WebOperation(operation.Id ?? "", operation.Type ?? "", operation.Status ?? "UNKNOWN"))
            .ToArray();
    }

    internal static WebServiceObservation ToObservation(Service service)
    {
        var image = service.SourceConfiguration?.ImageRepository;
        var imageConfiguration = image?.ImageConfiguration;
        var health = service.HealthCheckConfiguration;
        var network = service.NetworkConfiguration;
        var configuration = new WebConfiguration
        {
            ImageIdentifier = image?.ImageIdentifier ?? "",
            ImageRepositoryType = image?.ImageRepositoryType ?? "",
            Port = imageConfiguration?.Port ?? "8080",
            StartCommand = imageConfiguration?.StartCommand,
            EnvironmentVariables = new SortedDictionary<string, string>(imageConfiguration?.RuntimeEnvironmentVariables ?? [], StringComparer.Ordinal),
            EnvironmentSecrets = new SortedDictionary<string, string>(imageConfiguration?.RuntimeEnvironmentSecrets ?? [], StringComparer.Ordinal),
            AccessRoleArn = service.SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn,
            AutoDeploymentsEnabled = service.SourceConfiguration?.AutoDeploymentsEnabled ?? false,
            Cpu = service.InstanceConfiguration?.Cpu,
            Memory = service.InstanceConfiguration?.Memory,
            InstanceRoleArn = service.InstanceConfiguration?.InstanceRoleArn,
            EgressType = network?.EgressConfiguration?.EgressType ?? "DEFAULT",
            VpcConnectorArn = network?.EgressConfiguration?.VpcConnectorArn,
            IsPubliclyAccessible = network?.IngressConfiguration?.IsPubliclyAccessible ?? true,
            IpAddressType = network?.IpAddressType,
            // App Runner's documented defaults for a service created without a health check configuration.
            HealthCheck = new WebHealthCheck(health?.Protocol ?? "TCP", health?.Path ?? "/", health?.Interval ?? 5, health?.Timeout ?? 2,
                health?.HealthyThreshold ?? 1, health?.UnhealthyThreshold ?? 5),
        };
        return new WebServiceObservation(service.ServiceArn ?? "", service.ServiceName ?? "", service.Status ?? "UNKNOWN", service.ServiceUrl ?? "", configuration);
    }

    internal static UpdateServiceRequest ToUpdateRequest(string serviceArn, WebConfiguration configuration) => new()
    {
        ServiceArn = serviceArn,
        SourceConfiguration = new SourceConfiguration
        {
            ImageRepository = new ImageRepository
            {
                ImageIdentifier = configuration.ImageIdentifier,
                ImageRepositoryType = configuration.ImageRepositoryType,
                ImageConfiguration = new ImageConfiguration
                {
                    Port = configuration.Port,
                    StartCommand = configuration.StartCommand,
                    RuntimeEnvironmentVariables = new Dictionary<string, string>(configuration.EnvironmentVariables, StringComparer.Ordinal),
                    RuntimeEnvironmentSecrets = new Dictionary<string, string>(configuration.EnvironmentSecrets, StringComparer.Ordinal),
                },
            },
            AutoDeploymentsEnabled = configuration.AutoDeploymentsEnabled,
            AuthenticationConfiguration = configuration.AccessRoleArn is null ? null : new AuthenticationConfiguration { AccessRoleArn = configuration.AccessRoleArn },
        },
        InstanceConfiguration = new InstanceConfiguration
        {
            Cpu = configuration.Cpu,
            Memory = configuration.Memory,
            InstanceRoleArn = configuration.InstanceRoleArn,
        },
        HealthCheckConfiguration = new HealthCheckConfiguration
        {
            Protocol = configuration.HealthCheck.Protocol,
            // App Runner ignores the path of a TCP check and rejects none; send it only where it means something.
            Path = configuration.HealthCheck.Protocol == "HTTP" ? configuration.HealthCheck.Path : null,
            Interval = configuration.HealthCheck.IntervalSeconds,
            Timeout = configuration.HealthCheck.TimeoutSeconds,
            HealthyThreshold = configuration.HealthCheck.HealthyThreshold,
            UnhealthyThreshold = configuration.HealthCheck.UnhealthyThreshold,
        },
        NetworkConfiguration = new NetworkConfiguration
        {
            EgressConfiguration = new EgressConfiguration
            {
                EgressType = configuration.EgressType,
                VpcConnectorArn = configuration.EgressType == "VPC" ? configuration.VpcConnectorArn : null,
            },
            IngressConfiguration = new IngressConfiguration { IsPubliclyAccessible = configuration.IsPubliclyAccessible },
            IpAddressType = configuration.IpAddressType,
        },
    };
}
