using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Emulation.Health;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>
/// A stateful loopback App Runner (moto has none) speaking the real awsJson1_0 protocol — <c>POST /</c>,
/// <c>X-Amz-Target: AppRunner.&lt;Operation&gt;</c>, <c>application/x-amz-json-1.0</c>, shapes from botocore's
/// apprunner 2020-05-15 model — for DescribeService, UpdateService, ListOperations, PauseService and ResumeService.
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
public sealed partial class AppRunnerStandIn : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string WebHealthPath = "/api/public/health";
    public const string WebReadyPath = "/api/public/ready";

    private const string TargetPrefix = "AppRunner.";
    private const string ContentType = "application/x-amz-json-1.0";

    private readonly LoopbackHttpServer _server;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceState> _services = new(StringComparer.Ordinal);
    private readonly List<AppRunnerRequest> _requests = [];
    private int _pollsUntilOperationCompletes = 2;
    private int _appliedUpdatesAnsweredWithServerError;

    private AppRunnerStandIn(TimeProvider time)
    {
        _time = time;
        _server = LoopbackHttpServer.Start(HandleAsync);
    }

    public static AppRunnerStandIn Start(TimeProvider? timeProvider = null) => new(timeProvider ?? TimeProvider.System);

    /// <summary>http://127.0.0.1:&lt;port&gt;/ — the App Runner endpoint for the client under test.</summary>
    public Uri Endpoint => _server.BaseUri;

    /// <summary>How many DescribeService/ListOperations polls an operation stays IN_PROGRESS for (at least 1).</summary>
    public int PollsUntilOperationCompletes
    {
        get => _pollsUntilOperationCompletes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _pollsUntilOperationCompletes = value;
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
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int CountRequests(string operation)
    {
        lock (_gate)
        {
            return _requests.Count(request => string.Equals(request.Operation, operation, StringComparison.Ordinal));
        }
    }

    /// <summary>Creates a service as it would exist in the account before the test.</summary>
    public SeededAppRunnerService SeedService(AppRunnerServiceSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!ServiceNamePattern().IsMatch(seed.ServiceName))
        {
            throw new ArgumentException($"ServiceName '{seed.ServiceName}' must be 4–40 letters, digits, '-' or '_', starting with a letter or digit.", nameof(seed));
        }

        var imageError = ValidateImageIdentifier(seed.ImageIdentifier);
        if (imageError is not null)
        {
            throw new ArgumentException(imageError, nameof(seed));
        }

        var serviceId = Guid.NewGuid().ToString("N");
        var arn = $"arn:aws:apprunner:{Region}:{AccountId}:service/{seed.ServiceName}/{serviceId}";
        var now = _time.GetUtcNow();
        ServiceState? state = null;
        var web = LoopbackHttpServer.Start(request => Task.FromResult(AnswerWeb(state!, request)));
        var serviceUrl = seed.ServiceUrlIsWebEndpoint
            ? web.BaseUri.GetLeftPart(UriPartial.Authority)
            : seed.ServiceUrl ?? $"{Guid.NewGuid().ToString("N")[..10]}.{Region}.awsapprunner.com";
        state = new ServiceState(arn, seed.ServiceName, serviceId, serviceUrl, now)
        {
            Configuration = BuildConfiguration(seed),
            Status = seed.Status == "OPERATION_IN_PROGRESS" ? "RUNNING" : seed.Status,
            Web = web,
        };
        state.ServingImage = ImageOf(state.Configuration);
        lock (_gate)
        {
            if (_services.Values.Any(existing => existing.Name == seed.ServiceName))
            {
                throw new ArgumentException($"A service named '{seed.ServiceName}' is already seeded.", nameof(seed));
            }

            _services[arn] = state;
            if (seed.Status == "OPERATION_IN_PROGRESS")
            {
                StartOperation(state, "START_DEPLOYMENT", statusAfterSuccess: "RUNNING");
            }
        }

        return new SeededAppRunnerService(arn, seed.ServiceName, serviceId, state.ServiceUrl, web.BaseUri);
    }

    /// <summary>The next operation started on the service ends with <paramref name="terminalStatus"/>
    /// (FAILED or ROLLBACK_SUCCEEDED) instead of SUCCEEDED, and the service returns to its previous configuration.</summary>
    public void FailNextOperation(string serviceArn, string terminalStatus = "ROLLBACK_SUCCEEDED")
    {
        if (terminalStatus is not ("FAILED" or "ROLLBACK_SUCCEEDED"))
        {
            throw new ArgumentException("A scripted failure ends FAILED or ROLLBACK_SUCCEEDED.", nameof(terminalStatus));
        }

        lock (_gate)
        {
            Service(serviceArn).ScriptedFailures.Enqueue(terminalStatus);
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> UpdateService requests are applied (the operation starts) but answered
    /// 500 InternalServiceErrorException, as when the response is lost after App Runner accepted the update.
    /// </summary>
    public void AnswerAppliedUpdatesWithServerError(int count = 1)
    {
        lock (_gate)
        {
            _appliedUpdatesAnsweredWithServerError = count;
        }
    }

    /// <summary>Every later request to the service's fake web <paramref name="path"/> answers <paramref name="status"/>.</summary>
    public void SetWebStatus(string serviceArn, string path, int status)
    {
        lock (_gate)
        {
            WebPath(Service(serviceArn), path).Set(status);
        }
    }

    /// <summary>The next requests to the service's fake web <paramref name="path"/> answer these statuses in order;
    /// the last then repeats.</summary>
    public void ScriptWebStatuses(string serviceArn, string path, params int[] statuses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(statuses.Length);
        lock (_gate)
        {
            WebPath(Service(serviceArn), path).Script(statuses);
        }
    }

    public int CountWebRequests(string serviceArn, string path)
    {
        lock (_gate)
        {
            return Service(serviceArn).WebPaths.TryGetValue(path, out var scripted) ? scripted.Requests : 0;
        }
    }

    /// <summary>The service as it is now (does not count as a poll).</summary>
    public AppRunnerServiceSnapshot GetService(string serviceArn)
    {
        lock (_gate)
        {
            var state = Service(serviceArn);
            var configuration = state.Configuration;
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
                state.Arn,
                state.Status,
                (string?)image?["ImageIdentifier"] ?? string.Empty,
                StringMap(image?["ImageConfiguration"]?["RuntimeEnvironmentVariables"]),
                StringMap(image?["ImageConfiguration"]?["RuntimeEnvironmentSecrets"]),
                (string?)egress?["EgressType"] ?? "DEFAULT",
                (string?)egress?["VpcConnectorArn"],
                health,
                state.ServingImage,
                ServiceJson(state).ToJsonString());
        }
    }

    /// <summary>The service's operations, newest first (does not count as a poll).</summary>
    public IReadOnlyList<AppRunnerOperationSnapshot> GetOperations(string serviceArn)
    {
        lock (_gate)
        {
            return Service(serviceArn).Operations.AsEnumerable().Reverse()
                .Select(operation => new AppRunnerOperationSnapshot(operation.Id, operation.Type, operation.Status, operation.StartedAt, operation.EndedAt))
                .ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        List<ServiceState> services;
        lock (_gate)
        {
            services = [.. _services.Values];
        }

        foreach (var service in services)
        {
            if (service.Web is not null)
            {
                await service.Web.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static JsonObject BuildConfiguration(AppRunnerServiceSeed seed)
    {
        var imageConfiguration = new JsonObject
        {
            ["Port"] = seed.Port,
            ["RuntimeEnvironmentVariables"] = ToJson(seed.EnvironmentVariables),
            ["RuntimeEnvironmentSecrets"] = ToJson(seed.Secrets),
        };
        if (seed.StartCommand is not null)
        {
            imageConfiguration["StartCommand"] = seed.StartCommand;
        }

        var source = new JsonObject
        {
            ["ImageRepository"] = new JsonObject
            {
                ["ImageIdentifier"] = seed.ImageIdentifier,
                ["ImageConfiguration"] = imageConfiguration,
                ["ImageRepositoryType"] = seed.ImageRepositoryType ?? (seed.ImageIdentifier.StartsWith("public.ecr.aws/", StringComparison.Ordinal) ? "ECR_PUBLIC" : "ECR"),
            },
            ["AutoDeploymentsEnabled"] = seed.AutoDeploymentsEnabled,
        };
        if (seed.AccessRoleArn is not null)
        {
            source["AuthenticationConfiguration"] = new JsonObject { ["AccessRoleArn"] = seed.AccessRoleArn };
        }

        var instance = new JsonObject { ["Cpu"] = seed.Cpu, ["Memory"] = seed.Memory };
        if (seed.InstanceRoleArn is not null)
        {
            instance["InstanceRoleArn"] = seed.InstanceRoleArn;
        }

        var egress = seed.VpcConnectorArn is null
            ? new JsonObject { ["EgressType"] = "DEFAULT" }
            : new JsonObject { ["EgressType"] = "VPC", ["VpcConnectorArn"] = seed.VpcConnectorArn };
        return new JsonObject
        {
            ["SourceConfiguration"] = source,
            ["InstanceConfiguration"] = instance,
            ["HealthCheckConfiguration"] = new JsonObject
            {
                ["Protocol"] = seed.HealthCheck.Protocol,
                ["Path"] = seed.HealthCheck.Path,
                ["Interval"] = seed.HealthCheck.Interval,
                ["Timeout"] = seed.HealthCheck.Timeout,
                ["HealthyThreshold"] = seed.HealthCheck.HealthyThreshold,
                ["UnhealthyThreshold"] = seed.HealthCheck.UnhealthyThreshold,
            },
            ["AutoScalingConfigurationSummary"] = new JsonObject
            {
                ["AutoScalingConfigurationArn"] = $"arn:aws:apprunner:{Region}:{AccountId}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001",
                ["AutoScalingConfigurationName"] = "DefaultConfiguration",
                ["AutoScalingConfigurationRevision"] = 1,
            },
            ["NetworkConfiguration"] = new JsonObject
            {
                ["EgressConfiguration"] = egress,
                ["IngressConfiguration"] = new JsonObject { ["IsPubliclyAccessible"] = seed.IsPubliclyAccessible },
                ["IpAddressType"] = "IPV4",
            },
        };
    }

    private async Task<LoopbackResponse> HandleAsync(LoopbackRequest request)
    {
        await Task.Yield();
        var target = request.Headers["X-Amz-Target"] ?? string.Empty;
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        JsonObject? input = null;
        string? parseError = null;
        try
        {
            input = JsonNode.Parse(request.Body.Length == 0 ? "{}"u8 : request.Body) as JsonObject;
            parseError = input is null ? "The request body must be a JSON object." : null;
        }
        catch (JsonException error)
        {
            parseError = "The request body is not valid JSON: " + error.Message;
        }

        var serviceArn = input?["ServiceArn"] is JsonValue arnValue && arnValue.TryGetValue(out string? arn) ? arn : null;
        lock (_gate)
        {
            _requests.Add(new AppRunnerRequest(operation, serviceArn, request.BodyText, new(request.Headers), _time.GetUtcNow()));
        }

        if (request.Method != "POST" || request.Path != "/")
        {
            return Error(404, "UnknownOperationException", $"App Runner answers POST / only, not {request.Method} {request.Path}.");
        }

        if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal))
        {
            return Error(400, "UnknownOperationException", $"X-Amz-Target '{target}' is not an App Runner operation (expected '{TargetPrefix}<Operation>').");
        }

        if (parseError is not null || input is null)
        {
            return Error(400, "SerializationException", parseError ?? "Empty request.");
        }

        try
        {
            lock (_gate)
            {
                var output = operation switch
                {
                    "DescribeService" => DescribeService(input),
                    "UpdateService" => UpdateService(input),
                    "ListOperations" => ListOperations(input),
                    "PauseService" => PauseOrResume(input, "PAUSE_SERVICE", requiredStatus: "RUNNING", statusAfterSuccess: "PAUSED"),
                    "ResumeService" => PauseOrResume(input, "RESUME_SERVICE", requiredStatus: "PAUSED", statusAfterSuccess: "RUNNING"),
                    _ => throw new StandInError(400, "UnknownOperationException", $"The stand-in does not implement AppRunner.{operation}."),
                };
                if (operation == "UpdateService" && _appliedUpdatesAnsweredWithServerError > 0)
                {
                    _appliedUpdatesAnsweredWithServerError--;
                    return Error(500, "InternalServiceErrorException", "An internal error occurred (scripted: the update was applied).");
                }

                return LoopbackResponse.Json(200, output.ToJsonString(), ContentType, [new("x-amzn-RequestId", Guid.NewGuid().ToString())]);
            }
        }
        catch (StandInError error)
        {
            return Error(error.StatusCode, error.Code, error.Message);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException)
        {
            // A member of the wrong JSON type (a number where a string belongs…).
            return Error(400, "InvalidRequestException", "A request member has the wrong type: " + error.Message);
        }
    }

    private JsonObject DescribeService(JsonObject input)
    {
        var state = RequiredService(input);
        Poll(state);
        return new JsonObject { ["Service"] = ServiceJson(state) };
    }

    private JsonObject ListOperations(JsonObject input)
    {
        var state = RequiredService(input);
        var maxResults = 20;
        if (input["MaxResults"] is JsonNode maxNode)
        {
            maxResults = maxNode.GetValueKind() == JsonValueKind.Number ? maxNode.GetValue<int>() : 0;
            if (maxResults is < 1 or > 20)
            {
                throw new StandInError(400, "InvalidRequestException", "MaxResults must be between 1 and 20.");
            }
        }

        var start = 0;
        if (input["NextToken"] is JsonNode tokenNode)
        {
            if (tokenNode.GetValueKind() != JsonValueKind.String || !int.TryParse((string?)tokenNode, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0)
            {
                throw new StandInError(400, "InvalidRequestException", "NextToken is not a token this service returned.");
            }
        }

        Poll(state);
        var newestFirst = state.Operations.AsEnumerable().Reverse().ToList();
        var page = newestFirst.Skip(start).Take(maxResults).Select(OperationJson).ToArray<JsonNode?>();
        var output = new JsonObject { ["OperationSummaryList"] = new JsonArray(page) };
        if (start + maxResults < newestFirst.Count)
        {
            output["NextToken"] = (start + maxResults).ToString(CultureInfo.InvariantCulture);
        }

        return output;
    }

    private JsonObject UpdateService(JsonObject input)
    {
        var state = RequiredService(input);
        if (state.Status != "RUNNING")
        {
            throw new StandInError(400, "InvalidStateException", $"You can't update service {state.Arn} while it is in {state.Status} state. Wait until it's RUNNING.");
        }

        var updated = state.Configuration.DeepClone().AsObject();
        var changed = false;
        if (input["SourceConfiguration"] is JsonNode sourceNode)
        {
            if (sourceNode is not JsonObject source)
            {
                throw new StandInError(400, "InvalidRequestException", "SourceConfiguration must be an object.");
            }

            if (source["CodeRepository"] is not null)
            {
                throw new StandInError(400, "InvalidRequestException", "SourceConfiguration.CodeRepository: this service is image-based; you can't switch it to a code repository.");
            }

            var stored = updated["SourceConfiguration"]!.AsObject();
            if (source["ImageRepository"] is JsonNode imageNode)
            {
                ValidateImageRepository(imageNode);
                stored["ImageRepository"] = imageNode.DeepClone();
            }

            if (source["AutoDeploymentsEnabled"] is JsonNode auto)
            {
                stored["AutoDeploymentsEnabled"] = auto.DeepClone();
            }

            if (source["AuthenticationConfiguration"] is JsonNode authentication)
            {
                stored["AuthenticationConfiguration"] = authentication.DeepClone();
            }

            changed = true;
        }

        if (input["InstanceConfiguration"] is JsonNode instance)
        {
            ValidateInstance(instance);
            updated["InstanceConfiguration"] = instance.DeepClone();
            changed = true;
        }

        if (input["HealthCheckConfiguration"] is JsonNode health)
        {
            ValidateHealthCheck(health);
            updated["HealthCheckConfiguration"] = health.DeepClone();
            changed = true;
        }

        if (input["NetworkConfiguration"] is JsonNode network)
        {
            ValidateNetwork(network);
            updated["NetworkConfiguration"] = network.DeepClone();
            changed = true;
        }

        if (input["ObservabilityConfiguration"] is JsonNode observability)
        {
            updated["ObservabilityConfiguration"] = observability.DeepClone();
            changed = true;
        }

        if (input["AutoScalingConfigurationArn"] is JsonNode autoScaling)
        {
            updated["AutoScalingConfigurationSummary"] = new JsonObject { ["AutoScalingConfigurationArn"] = autoScaling.DeepClone() };
            changed = true;
        }

        if (!changed)
        {
            throw new StandInError(400, "InvalidRequestException", "UpdateService needs at least one configuration to change.");
        }

        var previous = state.Configuration;
        state.Configuration = updated;
        var operation = StartOperation(state, "UPDATE_SERVICE", statusAfterSuccess: "RUNNING");
        operation.PreviousConfiguration = previous;
        return new JsonObject { ["Service"] = ServiceJson(state), ["OperationId"] = operation.Id };
    }

    private JsonObject PauseOrResume(JsonObject input, string type, string requiredStatus, string statusAfterSuccess)
    {
        var state = RequiredService(input);
        if (state.Status != requiredStatus)
        {
            throw new StandInError(400, "InvalidStateException", $"Service {state.Arn} is {state.Status}; {type} needs it {requiredStatus}.");
        }

        var operation = StartOperation(state, type, statusAfterSuccess);
        operation.PreviousConfiguration = state.Configuration;
        return new JsonObject { ["Service"] = ServiceJson(state), ["OperationId"] = operation.Id };
    }

    private Operation StartOperation(ServiceState state, string type, string statusAfterSuccess)
    {
        var now = _time.GetUtcNow();
        var operation = new Operation(Guid.NewGuid().ToString(), type, now)
        {
            StatusBefore = state.Status,
            StatusAfterSuccess = statusAfterSuccess,
            Outcome = state.ScriptedFailures.Count > 0 ? state.ScriptedFailures.Dequeue() : "SUCCEEDED",
        };
        state.Operations.Add(operation);
        state.Status = "OPERATION_IN_PROGRESS";
        state.UpdatedAt = now;
        return operation;
    }

    private void Poll(ServiceState state)
    {
        var operation = state.Operations.LastOrDefault(candidate => candidate.Status == "IN_PROGRESS");
        if (operation is null)
        {
            return;
        }

        operation.Polls++;
        if (operation.Polls < _pollsUntilOperationCompletes)
        {
            return;
        }

        var now = _time.GetUtcNow();
        operation.Status = operation.Outcome;
        operation.EndedAt = now;
        operation.UpdatedAt = now;
        state.UpdatedAt = now;
        if (operation.Outcome == "SUCCEEDED")
        {
            state.Status = operation.StatusAfterSuccess;
            state.ServingImage = ImageOf(state.Configuration);
        }
        else
        {
            state.Configuration = operation.PreviousConfiguration ?? state.Configuration;
            state.Status = operation.StatusBefore is "OPERATION_IN_PROGRESS" ? "RUNNING" : operation.StatusBefore;
        }
    }

    private ServiceState RequiredService(JsonObject input)
    {
        if (input["ServiceArn"] is not JsonValue value || !value.TryGetValue(out string? arn) || string.IsNullOrEmpty(arn))
        {
            throw new StandInError(400, "InvalidRequestException", "ServiceArn is required.");
        }

        if (!ArnPattern().IsMatch(arn))
        {
            throw new StandInError(400, "InvalidRequestException", $"ServiceArn '{arn}' is not a valid App Runner resource ARN.");
        }

        return _services.TryGetValue(arn, out var state)
            ? state
            : throw new StandInError(400, "ResourceNotFoundException", $"Service {arn} doesn't exist.");
    }

    private ServiceState Service(string serviceArn) =>
        _services.TryGetValue(serviceArn, out var state) ? state : throw new ArgumentException($"No seeded service {serviceArn}.", nameof(serviceArn));

    private static ScriptedStatus WebPath(ServiceState state, string path)
    {
        if (path is not (WebHealthPath or WebReadyPath))
        {
            throw new ArgumentException($"The fake web serves {WebHealthPath} and {WebReadyPath}, not '{path}'.", nameof(path));
        }

        return state.WebPaths[path];
    }

    private LoopbackResponse AnswerWeb(ServiceState state, LoopbackRequest request)
    {
        lock (_gate)
        {
            if (!state.WebPaths.TryGetValue(request.Path, out var scripted))
            {
                return LoopbackResponse.Text(404, "Not found");
            }

            var status = scripted.Next();
            if (state.Status == "PAUSED")
            {
                // A paused App Runner service serves nothing.
                return LoopbackResponse.Text(503, "Service Unavailable");
            }

            var version = VersionOf(state.ServingImage);
            return status == 200
                ? LoopbackResponse.Json(200, new JsonObject { ["status"] = "OK", ["version"] = version }.ToJsonString())
                : LoopbackResponse.Json(status, new JsonObject { ["status"] = "ERROR", ["version"] = version }.ToJsonString());
        }
    }

    private static JsonObject ServiceJson(ServiceState state)
    {
        var service = new JsonObject
        {
            ["ServiceName"] = state.Name,
            ["ServiceId"] = state.Id,
            ["ServiceArn"] = state.Arn,
            ["ServiceUrl"] = state.ServiceUrl,
            ["CreatedAt"] = EpochSeconds(state.CreatedAt),
            ["UpdatedAt"] = EpochSeconds(state.UpdatedAt),
            ["Status"] = state.Status,
        };
        foreach (var (name, value) in state.Configuration)
        {
            service[name] = value?.DeepClone();
        }

        return service;
    }

    private static JsonObject OperationJson(Operation operation)
    {
        var json = new JsonObject
        {
            ["Id"] = operation.Id,
            ["Type"] = operation.Type,
            ["Status"] = operation.Status,
            ["StartedAt"] = EpochSeconds(operation.StartedAt),
            ["UpdatedAt"] = EpochSeconds(operation.UpdatedAt),
        };
        if (operation.EndedAt is { } ended)
        {
            json["EndedAt"] = EpochSeconds(ended);
        }

        return json;
    }

    private static void ValidateImageRepository(JsonNode node)
    {
        if (node is not JsonObject image)
        {
            throw new StandInError(400, "InvalidRequestException", "SourceConfiguration.ImageRepository must be an object.");
        }

        var identifier = (string?)image["ImageIdentifier"];
        var error = ValidateImageIdentifier(identifier);
        if (error is not null)
        {
            throw new StandInError(400, "InvalidRequestException", "SourceConfiguration.ImageRepository.ImageIdentifier: " + error);
        }

        if ((string?)image["ImageRepositoryType"] is not ("ECR" or "ECR_PUBLIC"))
        {
            throw new StandInError(400, "InvalidRequestException", "SourceConfiguration.ImageRepository.ImageRepositoryType is required: ECR or ECR_PUBLIC.");
        }

        if (image["ImageConfiguration"] is JsonObject configuration)
        {
            foreach (var mapName in new[] { "RuntimeEnvironmentVariables", "RuntimeEnvironmentSecrets" })
            {
                if (configuration[mapName] is JsonNode map && (map is not JsonObject entries || entries.Any(entry => entry.Value?.GetValueKind() != JsonValueKind.String)))
                {
                    throw new StandInError(400, "InvalidRequestException", $"ImageConfiguration.{mapName} must map names to strings.");
                }
            }
        }
    }

    private static string? ValidateImageIdentifier(string? identifier) =>
        identifier is not null && ImageIdentifierPattern().IsMatch(identifier)
            ? null
            : $"'{identifier}' is not an ECR (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>) or ECR Public (public.ecr.aws/<alias>/<repo>:<tag>) image.";

    private static void ValidateInstance(JsonNode node)
    {
        if (node is not JsonObject instance)
        {
            throw new StandInError(400, "InvalidRequestException", "InstanceConfiguration must be an object.");
        }

        if ((string?)instance["Cpu"] is { } cpu && !CpuPattern().IsMatch(cpu))
        {
            throw new StandInError(400, "InvalidRequestException", $"InstanceConfiguration.Cpu '{cpu}' is not one of 256|512|1024|2048|4096 or '<n> vCPU'.");
        }

        if ((string?)instance["Memory"] is { } memory && !MemoryPattern().IsMatch(memory))
        {
            throw new StandInError(400, "InvalidRequestException", $"InstanceConfiguration.Memory '{memory}' is not a supported size.");
        }
    }

    private static void ValidateHealthCheck(JsonNode node)
    {
        if (node is not JsonObject health)
        {
            throw new StandInError(400, "InvalidRequestException", "HealthCheckConfiguration must be an object.");
        }

        if (health["Protocol"] is JsonNode protocol && (string?)protocol is not ("TCP" or "HTTP"))
        {
            throw new StandInError(400, "InvalidRequestException", "HealthCheckConfiguration.Protocol must be TCP or HTTP.");
        }

        if (health["Path"] is JsonNode path && string.IsNullOrEmpty((string?)path))
        {
            throw new StandInError(400, "InvalidRequestException", "HealthCheckConfiguration.Path must not be empty.");
        }

        foreach (var member in new[] { "Interval", "Timeout", "HealthyThreshold", "UnhealthyThreshold" })
        {
            if (health[member] is JsonNode value && (value.GetValueKind() != JsonValueKind.Number || value.GetValue<int>() is < 1 or > 20))
            {
                throw new StandInError(400, "InvalidRequestException", $"HealthCheckConfiguration.{member} must be an integer from 1 to 20.");
            }
        }
    }

    private static void ValidateNetwork(JsonNode node)
    {
        if (node is not JsonObject network)
        {
            throw new StandInError(400, "InvalidRequestException", "NetworkConfiguration must be an object.");
        }

        if (network["EgressConfiguration"] is JsonObject egress)
        {
            var type = (string?)egress["EgressType"];
            if (type is not (null or "DEFAULT" or "VPC"))
            {
                throw new StandInError(400, "InvalidRequestException", "NetworkConfiguration.EgressConfiguration.EgressType must be DEFAULT or VPC.");
            }

            if (type == "VPC" && string.IsNullOrEmpty((string?)egress["VpcConnectorArn"]))
            {
                throw new StandInError(400, "InvalidRequestException", "NetworkConfiguration.EgressConfiguration.VpcConnectorArn is required when EgressType is VPC.");
            }
        }
    }

    private static LoopbackResponse Error(int statusCode, string code, string message) =>
        LoopbackResponse.Json(
            statusCode,
            new JsonObject { ["__type"] = code, ["Message"] = message }.ToJsonString(),
            ContentType,
            [new("x-amzn-RequestId", Guid.NewGuid().ToString()), new("x-amzn-ErrorType", code)]);

    private static JsonNode ToJson(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (name, value) in map)
        {
            json[name] = value;
        }

        return json;
    }

    private static Dictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(entry => entry.Value is not null).ToDictionary(entry => entry.Key, entry => (string)entry.Value!, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string ImageOf(JsonObject configuration) =>
        (string?)configuration["SourceConfiguration"]?["ImageRepository"]?["ImageIdentifier"] ?? string.Empty;

    private static string VersionOf(string image)
    {
        var colon = image.LastIndexOf(':');
        var slash = image.LastIndexOf('/');
        return colon > slash ? image[(colon + 1)..].TrimStart('v') : "latest";
    }

    private static double EpochSeconds(DateTimeOffset time) => Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$")]
    private static partial Regex ServiceNamePattern();

    [GeneratedRegex(@"^arn:aws(-[\w]+)*:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[0-9]{12}:(\w|\/|-){1,1011}$")]
    private static partial Regex ArnPattern();

    [GeneratedRegex(@"^(([0-9]{12}.dkr.ecr.[a-z\-]+-[0-9]{1}.amazonaws.com\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([\w\d+\-=._:\/@])+|@([\w\d\:]+))?)|(public\.ecr\.aws\/.+\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([\w\d+\-=._:\/@])+|@([\w\d\:]+))?))$")]
    private static partial Regex ImageIdentifierPattern();

    [GeneratedRegex(@"^(256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU)$")]
    private static partial Regex CpuPattern();

    [GeneratedRegex(@"^(512|1024|2048|3072|4096|6144|8192|10240|12288|(0.5|1|2|3|4|6|8|10|12) GB)$")]
    private static partial Regex MemoryPattern();

    private sealed class ServiceState(string arn, string name, string id, string serviceUrl, DateTimeOffset createdAt)
    {
        public string Arn { get; } = arn;

        public string Name { get; } = name;

        public string Id { get; } = id;

        public string ServiceUrl { get; } = serviceUrl;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public required JsonObject Configuration { get; set; }

        public required string Status { get; set; }

        public string ServingImage { get; set; } = string.Empty;

        public List<Operation> Operations { get; } = [];

        public Queue<string> ScriptedFailures { get; } = new();

        public Dictionary<string, ScriptedStatus> WebPaths { get; } = new(StringComparer.Ordinal)
        {
            [WebHealthPath] = new ScriptedStatus(200),
            [WebReadyPath] = new ScriptedStatus(200),
        };

        public LoopbackHttpServer? Web { get; set; }
    }

    private sealed class Operation(string id, string type, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;

        public string Type { get; } = type;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public DateTimeOffset UpdatedAt { get; set; } = startedAt;

        public DateTimeOffset? EndedAt { get; set; }

        public string Status { get; set; } = "IN_PROGRESS";

        public int Polls { get; set; }

        public required string StatusBefore { get; init; }

        public required string StatusAfterSuccess { get; init; }

        public required string Outcome { get; init; }

        public JsonObject? PreviousConfiguration { get; set; }
    }

    private sealed class StandInError(int statusCode, string code, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;

        public string Code { get; } = code;
    }
}
