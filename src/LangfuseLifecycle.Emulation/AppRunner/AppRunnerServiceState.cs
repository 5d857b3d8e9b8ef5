using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>
/// The emulated account's App Runner services and their operation state machine. UpdateService, PauseService and
/// ResumeService put the service in OPERATION_IN_PROGRESS with a new IN_PROGRESS operation; every DescribeService or
/// ListOperations of the service counts as a poll, and after <see cref="PollsUntilOperationCompletes"/> polls the operation
/// ends: SUCCEEDED (the service takes the status after success and serves the new image), or a scripted FAILED or
/// ROLLBACK_SUCCEEDED (the service returns to its previous configuration and status, as App Runner rolls back).
/// Every member expects the caller to hold <see cref="Gate"/>.
/// </summary>
internal sealed class AppRunnerServiceState(TimeProvider time)
{
    private readonly Dictionary<string, EmulatedService> _services = new(StringComparer.Ordinal);
    private int _pollsUntilOperationCompletes = 2;

    /// <summary>The one lock of the emulator: the protocol, the fake webs and the inspection API all take it.</summary>
    public Lock Gate { get; } = new();

    public int PollsUntilOperationCompletes
    {
        get => _pollsUntilOperationCompletes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _pollsUntilOperationCompletes = value;
        }
    }

    public IEnumerable<EmulatedService> All => _services.Values;

    public EmulatedService Add(AppRunnerServiceSeed seed, string serviceId, string arn, string serviceUrl, FakeLangfuseWeb web)
    {
        if (_services.Values.Any(existing => existing.Name == seed.ServiceName))
        {
            throw new ArgumentException($"A service named '{seed.ServiceName}' is already seeded.", nameof(seed));
        }

        var service = new EmulatedService(arn, seed.ServiceName, serviceId, serviceUrl, time.GetUtcNow())
        {
            Configuration = EmulatedService.ConfigurationOf(seed),
            Status = seed.Status == "OPERATION_IN_PROGRESS" ? "RUNNING" : seed.Status,
            Web = web,
        };
        service.ServingImage = service.ConfiguredImage;
        _services[arn] = service;
        if (seed.Status == "OPERATION_IN_PROGRESS")
        {
            StartOperation(service, "START_DEPLOYMENT", statusAfterSuccess: "RUNNING");
        }

        return service;
    }

    /// <summary>A seeded service for the inspection API; an unknown ARN is a test bug.</summary>
    public EmulatedService Seeded(string serviceArn) =>
        _services.TryGetValue(serviceArn, out var service) ? service : throw new ArgumentException($"No seeded service {serviceArn}.", nameof(serviceArn));

    public JsonObject DescribeService(JsonObject input)
    {
        var service = Required(input);
        Poll(service);
        return new JsonObject { ["Service"] = service.ToJson() };
    }

    public JsonObject ListOperations(JsonObject input)
    {
        var service = Required(input);
        var maxResults = 20;
        if (input["MaxResults"] is JsonNode maxNode)
        {
            maxResults = maxNode.GetValueKind() == JsonValueKind.Number ? maxNode.GetValue<int>() : 0;
            if (maxResults is < 1 or > 20)
            {
                throw AppRunnerApiError.InvalidRequest("MaxResults must be between 1 and 20.");
            }
        }

        var start = 0;
        if (input["NextToken"] is JsonNode tokenNode)
        {
            if (tokenNode.GetValueKind() != JsonValueKind.String || !int.TryParse((string?)tokenNode, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 0)
            {
                throw AppRunnerApiError.InvalidRequest("NextToken is not a token this service returned.");
            }
        }

        Poll(service);
        var newestFirst = service.Operations.AsEnumerable().Reverse().ToList();
        var page = newestFirst.Skip(start).Take(maxResults).Select(operation => operation.ToJson()).ToArray<JsonNode?>();
        var output = new JsonObject { ["OperationSummaryList"] = new JsonArray(page) };
        if (start + maxResults < newestFirst.Count)
        {
            output["NextToken"] = (start + maxResults).ToString(CultureInfo.InvariantCulture);
        }

        return output;
    }

    /// <summary>A section present in the request replaces the stored one wholesale; omitted sections stay.</summary>
    public JsonObject UpdateService(JsonObject input)
    {
        var service = Required(input);
        if (service.Status != "RUNNING")
        {
            throw new AppRunnerApiError(400, "InvalidStateException", $"You can't update service {service.Arn} while it is in {service.Status} state. Wait until it's RUNNING.");
        }

        var updated = service.Configuration.DeepClone().AsObject();
        var changed = false;
        if (input["SourceConfiguration"] is JsonNode sourceNode)
        {
            if (sourceNode is not JsonObject source)
            {
                throw AppRunnerApiError.InvalidRequest("SourceConfiguration must be an object.");
            }

            if (source["CodeRepository"] is not null)
            {
                throw AppRunnerApiError.InvalidRequest("SourceConfiguration.CodeRepository: this service is image-based; you can't switch it to a code repository.");
            }

            var stored = updated["SourceConfiguration"]!.AsObject();
            if (source["ImageRepository"] is JsonNode imageNode)
            {
                AppRunnerRequestValidator.ValidateImageRepository(imageNode);
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
            AppRunnerRequestValidator.ValidateInstance(instance);
            updated["InstanceConfiguration"] = instance.DeepClone();
            changed = true;
        }

        if (input["HealthCheckConfiguration"] is JsonNode health)
        {
            AppRunnerRequestValidator.ValidateHealthCheck(health);
            updated["HealthCheckConfiguration"] = health.DeepClone();
            changed = true;
        }

        if (input["NetworkConfiguration"] is JsonNode network)
        {
            AppRunnerRequestValidator.ValidateNetwork(network);
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
            throw AppRunnerApiError.InvalidRequest("UpdateService needs at least one configuration to change.");
        }

        var previous = service.Configuration;
        service.Configuration = updated;
        var operation = StartOperation(service, "UPDATE_SERVICE", statusAfterSuccess: "RUNNING");
        operation.PreviousConfiguration = previous;
        return new JsonObject { ["Service"] = service.ToJson(), ["OperationId"] = operation.Id };
    }

    /// <summary>PauseService (RUNNING → PAUSED) and ResumeService (PAUSED → RUNNING). The product does not call them yet; the
    /// whole-stack sleep (issue 13) is to pause the web with them, so the emulator keeps them.</summary>
    public JsonObject PauseOrResume(JsonObject input, string type, string requiredStatus, string statusAfterSuccess)
    {
        var service = Required(input);
        if (service.Status != requiredStatus)
        {
            throw new AppRunnerApiError(400, "InvalidStateException", $"Service {service.Arn} is {service.Status}; {type} needs it {requiredStatus}.");
        }

        var operation = StartOperation(service, type, statusAfterSuccess);
        operation.PreviousConfiguration = service.Configuration;
        return new JsonObject { ["Service"] = service.ToJson(), ["OperationId"] = operation.Id };
    }

    private EmulatedOperation StartOperation(EmulatedService service, string type, string statusAfterSuccess)
    {
        var now = time.GetUtcNow();
        var operation = new EmulatedOperation(Guid.NewGuid().ToString(), type, now)
        {
            StatusBefore = service.Status,
            StatusAfterSuccess = statusAfterSuccess,
            Outcome = service.ScriptedFailures.Count > 0 ? service.ScriptedFailures.Dequeue() : "SUCCEEDED",
        };
        service.Operations.Add(operation);
        service.Status = "OPERATION_IN_PROGRESS";
        service.UpdatedAt = now;
        return operation;
    }

    private void Poll(EmulatedService service)
    {
        var operation = service.Operations.LastOrDefault(candidate => candidate.Status == "IN_PROGRESS");
        if (operation is null)
        {
            return;
        }

        operation.Polls++;
        if (operation.Polls < _pollsUntilOperationCompletes)
        {
            return;
        }

        var now = time.GetUtcNow();
        operation.Status = operation.Outcome;
        operation.EndedAt = now;
        operation.UpdatedAt = now;
        service.UpdatedAt = now;
        if (operation.Outcome == "SUCCEEDED")
        {
            service.Status = operation.StatusAfterSuccess;
            service.ServingImage = service.ConfiguredImage;
        }
        else
        {
            service.Configuration = operation.PreviousConfiguration ?? service.Configuration;
            service.Status = operation.StatusBefore is "OPERATION_IN_PROGRESS" ? "RUNNING" : operation.StatusBefore;
        }
    }

    private EmulatedService Required(JsonObject input)
    {
        var arn = AppRunnerRequestValidator.ServiceArn(input);
        return _services.TryGetValue(arn, out var service)
            ? service
            : throw new AppRunnerApiError(400, "ResourceNotFoundException", $"Service {arn} doesn't exist.");
    }
}
