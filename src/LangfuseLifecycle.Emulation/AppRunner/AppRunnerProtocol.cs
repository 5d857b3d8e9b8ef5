using System.Text.Json;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>
/// App Runner's awsJson1_0 wire protocol in front of <see cref="AppRunnerServiceState"/>: <c>POST /</c>,
/// <c>X-Amz-Target: AppRunner.&lt;Operation&gt;</c>, <c>application/x-amz-json-1.0</c>; records every request, dispatches
/// the operation and maps errors to App Runner's (<c>__type</c>, <c>x-amzn-ErrorType</c>): 404/400
/// UnknownOperationException, 400 SerializationException for a body that is not a JSON object, 400 InvalidRequestException
/// for a member of the wrong type, and the state's own errors.
/// </summary>
internal sealed class AppRunnerProtocol(AppRunnerServiceState state, TimeProvider time)
{
    private const string TargetPrefix = "AppRunner.";
    private const string ContentType = "application/x-amz-json-1.0";

    private readonly List<AppRunnerRequest> _requests = [];
    private int _appliedUpdatesAnsweredWithServerError;

    /// <summary>Every request received, in order; call under <see cref="AppRunnerServiceState.Gate"/>.</summary>
    public IReadOnlyList<AppRunnerRequest> Requests => _requests;

    /// <summary>The next <paramref name="count"/> UpdateService requests are applied but answered 500; call under the gate.</summary>
    public void AnswerAppliedUpdatesWithServerError(int count) => _appliedUpdatesAnsweredWithServerError = count;

    public async Task<LoopbackResponse> HandleAsync(LoopbackRequest request)
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
        lock (state.Gate)
        {
            _requests.Add(new AppRunnerRequest(operation, serviceArn, request.BodyText, new(request.Headers), time.GetUtcNow()));
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
            lock (state.Gate)
            {
                var output = operation switch
                {
                    "DescribeService" => state.DescribeService(input),
                    "UpdateService" => state.UpdateService(input),
                    "ListOperations" => state.ListOperations(input),
                    "PauseService" => state.PauseOrResume(input, "PAUSE_SERVICE", requiredStatus: "RUNNING", statusAfterSuccess: "PAUSED"),
                    "ResumeService" => state.PauseOrResume(input, "RESUME_SERVICE", requiredStatus: "PAUSED", statusAfterSuccess: "RUNNING"),
                    _ => throw new AppRunnerApiError(400, "UnknownOperationException", $"The stand-in does not implement AppRunner.{operation}."),
                };
                if (operation == "UpdateService" && _appliedUpdatesAnsweredWithServerError > 0)
                {
                    _appliedUpdatesAnsweredWithServerError--;
                    return Error(500, "InternalServiceErrorException", "An internal error occurred (scripted: the update was applied).");
                }

                return LoopbackResponse.Json(200, output.ToJsonString(), ContentType, [new("x-amzn-RequestId", Guid.NewGuid().ToString())]);
            }
        }
        catch (AppRunnerApiError error)
        {
            return Error(error.StatusCode, error.Code, error.Message);
        }
        catch (Exception error) when (error is InvalidOperationException or FormatException)
        {
            // A member of the wrong JSON type (a number where a string belongs…).
            return Error(400, "InvalidRequestException", "A request member has the wrong type: " + error.Message);
        }
    }

    private static LoopbackResponse Error(int statusCode, string code, string message) =>
        LoopbackResponse.Json(
            statusCode,
            new JsonObject { ["__type"] = code, ["Message"] = message }.ToJsonString(),
            ContentType,
            [new("x-amzn-RequestId", Guid.NewGuid().ToString()), new("x-amzn-ErrorType", code)]);
}
