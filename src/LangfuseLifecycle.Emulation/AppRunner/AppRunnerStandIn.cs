using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>
/// A stateful loopback App Runner (moto has none) speaking the real awsJson1_0 protocol — <c>POST /</c>,
/// <c>X-Amz-Target: AppRunner.&lt;Operation&gt;</c>, <c>application/x-amz-json-1.0</c>, shapes from botocore's
/// apprunner 2020-05-15 model — for DescribeService, UpdateService, ListOperations, PauseService and ResumeService.
/// This class is the facade: seeding, scripting and the inspection API for tests. The parts: <see cref="AppRunnerProtocol"/>
/// (wire protocol, dispatch, error mapping), <see cref="AppRunnerServiceState"/> (services and the operation state machine),
/// <see cref="AppRunnerRequestValidator"/> (what App Runner refuses) and <see cref="FakeLangfuseWeb"/> (each service's web).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>UpdateService/PauseService/ResumeService put the service in OPERATION_IN_PROGRESS with a new operation
/// (IN_PROGRESS). Every DescribeService or ListOperations call for the service counts as a poll; after
/// <see cref="PollsUntilOperationCompletes"/> polls the operation ends: SUCCEEDED, or the outcome scripted with
/// <see cref="FailNextOperation"/> (FAILED or ROLLBACK_SUCCEEDED), after which the service is RUNNING again with its
/// previous configuration, as App Runner rolls back a failed deployment.</item>
/// <item>Deployments are rolling: the fake web health reports the previous image's version until the operation
/// succeeds.</item>
/// <item>A section present in UpdateService (SourceConfiguration.ImageRepository, InstanceConfiguration,
/// HealthCheckConfiguration, NetworkConfiguration…) replaces the stored one wholesale; omitted sections stay.
/// That is the conservative reading: a client that sends a partial ImageConfiguration loses the omitted members here.</item>
/// <item>Errors: unknown ARN → 400 ResourceNotFoundException; an update, pause or resume of a service that is not in
/// the required state → 400 InvalidStateException; a malformed request → 400 InvalidRequestException naming the field.</item>
/// </list>
/// </remarks>
public sealed class AppRunnerStandIn : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string WebHealthPath = "/api/public/health";
    public const string WebReadyPath = "/api/public/ready";

    private readonly AppRunnerServiceState _state;
    private readonly AppRunnerProtocol _protocol;
    private readonly LoopbackHttpServer _server;

    private AppRunnerStandIn(TimeProvider time)
    {
        _state = new AppRunnerServiceState(time);
        _protocol = new AppRunnerProtocol(_state, time);
        _server = LoopbackHttpServer.Start(_protocol.HandleAsync);
    }

    public static AppRunnerStandIn Start(TimeProvider? timeProvider = null) => new(timeProvider ?? TimeProvider.System);

    /// <summary>http://127.0.0.1:&lt;port&gt;/ — the App Runner endpoint for the client under test.</summary>
    public Uri Endpoint => _server.BaseUri;

    /// <summary>How many DescribeService/ListOperations polls an operation stays IN_PROGRESS for (at least 1).</summary>
    public int PollsUntilOperationCompletes
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.PollsUntilOperationCompletes;
            }
        }

        set
        {
            lock (_state.Gate)
            {
                _state.PollsUntilOperationCompletes = value;
            }
        }
    }

    /// <summary><c>AWS_ENDPOINT_URL_APPRUNNER</c> (this stand-in), region and test credentials.</summary>
    public IReadOnlyDictionary<string, string> CreateClientEnvironment()
    {
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ENDPOINT_URL_APPRUNNER"] = Endpoint.GetLeftPart(UriPartial.Authority),
            ["AWS_REGION"] = Region,
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
        };
    }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<AppRunnerRequest> Requests
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _protocol.Requests];
            }
        }
    }

    public int CountRequests(string operation)
    {
        lock (_state.Gate)
        {
            return _protocol.Requests.Count(request => string.Equals(request.Operation, operation, StringComparison.Ordinal));
        }
    }

    /// <summary>Creates a service as it would exist in the account before the test.</summary>
    public SeededAppRunnerService SeedService(AppRunnerServiceSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        AppRunnerRequestValidator.ValidateSeed(seed);
        var serviceId = Guid.NewGuid().ToString("N");
        var arn = $"arn:aws:apprunner:{Region}:{AccountId}:service/{seed.ServiceName}/{serviceId}";
        EmulatedService? service = null;
        var web = new FakeLangfuseWeb(_state.Gate, () => service!);
        var serviceUrl = seed.ServiceUrlIsWebEndpoint
            ? web.BaseUri.GetLeftPart(UriPartial.Authority)
            : seed.ServiceUrl ?? $"{Guid.NewGuid().ToString("N")[..10]}.{Region}.awsapprunner.com";
        lock (_state.Gate)
        {
            service = _state.Add(seed, serviceId, arn, serviceUrl, web);
        }

        return new SeededAppRunnerService(arn, seed.ServiceName, serviceId, serviceUrl, web.BaseUri);
    }

    /// <summary>The next operation started on the service ends with <paramref name="terminalStatus"/>
    /// (FAILED or ROLLBACK_SUCCEEDED) instead of SUCCEEDED, and the service returns to its previous configuration.</summary>
    public void FailNextOperation(string serviceArn, string terminalStatus = "ROLLBACK_SUCCEEDED")
    {
        if (terminalStatus is not ("FAILED" or "ROLLBACK_SUCCEEDED"))
        {
            throw new ArgumentException("A scripted failure ends FAILED or ROLLBACK_SUCCEEDED.", nameof(terminalStatus));
        }

        lock (_state.Gate)
        {
            _state.Seeded(serviceArn).ScriptedFailures.Enqueue(terminalStatus);
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> UpdateService requests are applied (the operation starts) but answered
    /// 500 InternalServiceErrorException, as when the response is lost after App Runner accepted the update.
    /// </summary>
    public void AnswerAppliedUpdatesWithServerError(int count = 1)
    {
        lock (_state.Gate)
        {
            _protocol.AnswerAppliedUpdatesWithServerError(count);
        }
    }

    /// <summary>Every later request to the service's fake web <paramref name="path"/> answers <paramref name="status"/>.</summary>
    public void SetWebStatus(string serviceArn, string path, int status)
    {
        lock (_state.Gate)
        {
            _state.Seeded(serviceArn).Web.Path(path).Set(status);
        }
    }

    /// <summary>The next requests to the service's fake web <paramref name="path"/> answer these statuses in order;
    /// the last then repeats.</summary>
    public void ScriptWebStatuses(string serviceArn, string path, params int[] statuses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(statuses.Length);
        lock (_state.Gate)
        {
            _state.Seeded(serviceArn).Web.Path(path).Script(statuses);
        }
    }

    public int CountWebRequests(string serviceArn, string path)
    {
        lock (_state.Gate)
        {
            return _state.Seeded(serviceArn).Web.Requests(path);
        }
    }

    /// <summary>The service as it is now (does not count as a poll).</summary>
    public AppRunnerServiceSnapshot GetService(string serviceArn)
    {
        lock (_state.Gate)
        {
            var service = _state.Seeded(serviceArn);
            var configuration = service.Configuration;
            var image = configuration["SourceConfiguration"]?["ImageRepository"];
            var egress = configuration["NetworkConfiguration"]?["EgressConfiguration"];
            var health = configuration["HealthCheckConfiguration"] is JsonObject check
                ? new AppRunnerHealthCheck(
                    (string?)check["Protocol"] ?? "TCP",
                    (string?)check["Path"] ?? "/",
                    (int?)check["Interval"] ?? 5,
                    (int?)check["Timeout"] ?? 2,
                    (int?)check["HealthyThreshold"] ?? 1,
                    (int?)check["UnhealthyThreshold"] ?? 5)
                : null;
            return new AppRunnerServiceSnapshot(
                service.Arn,
                service.Status,
                (string?)image?["ImageIdentifier"] ?? string.Empty,
                StringMap(image?["ImageConfiguration"]?["RuntimeEnvironmentVariables"]),
                StringMap(image?["ImageConfiguration"]?["RuntimeEnvironmentSecrets"]),
                (string?)egress?["EgressType"] ?? "DEFAULT",
                (string?)egress?["VpcConnectorArn"],
                health,
                service.ServingImage,
                service.ToJson().ToJsonString());
        }
    }

    /// <summary>The service's operations, newest first (does not count as a poll).</summary>
    public IReadOnlyList<AppRunnerOperationSnapshot> GetOperations(string serviceArn)
    {
        lock (_state.Gate)
        {
            return _state.Seeded(serviceArn).Operations.AsEnumerable().Reverse()
                .Select(operation => new AppRunnerOperationSnapshot(operation.Id, operation.Type, operation.Status, operation.StartedAt, operation.EndedAt))
                .ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        List<EmulatedService> services;
        lock (_state.Gate)
        {
            services = [.. _state.All];
        }

        foreach (var service in services)
        {
            await service.Web.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(entry => entry.Value is not null).ToDictionary(entry => entry.Key, entry => (string)entry.Value!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
