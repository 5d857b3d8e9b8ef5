using System.Text.Json;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Lambda;
using LangfuseLifecycle.Aws.Lambda.Model;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Functions;
using LangfuseLifecycle.Functions.Handlers.Scaler;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// <c>--via-lambda</c>: sends the scaler event to the deployed ScalerFunction (synchronous Lambda Invoke) and reads its
/// summary. A function error (X-Amz-Function-Error) becomes <see cref="ScalerFunctionFailedException"/> with the
/// function's error type and message, the same names Step Functions and alarms see.
/// </summary>
public sealed class ScalerFunctionInvoker(Deployment deployment, string function)
{
    // A wake waits for ECS and health within the function's own timeout (at most 15 minutes); the HTTP call must outlast it.
    private static readonly HttpClient LongHttpClient = new() { Timeout = TimeSpan.FromMinutes(16) };

    public async Task<ScalerSummary> InvokeAsync(ScalerEvent scalerEvent, CancellationToken cancellationToken)
    {
        var aws = deployment.Aws;
        var lambda = new AmazonLambdaClient(new AwsClientConfig
        {
            Region = aws.Region,
            Credentials = aws.Credentials,
            EndpointOverrides = aws.EndpointOverrides,
            HttpClient = LongHttpClient,
            RetryPolicy = aws.RetryPolicy,
            TimeProvider = aws.TimeProvider,
        });
        InvokeResponse response;
        try
        {
            response = await lambda.InvokeAsync(
                new InvokeRequest { FunctionName = function, InvocationType = "RequestResponse", Payload = JsonSerializer.Serialize(scalerEvent, ScalerJsonContext.Default.ScalerEvent) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "TooManyRequestsException")
        {
            // The function's reserved concurrency is 1: a synchronous invoke while it runs another action is throttled, not queued.
            throw new ScalerFunctionFailedException(
                function, exception.ErrorCode, "the function is already running another action (reserved concurrency 1); wait for it to finish (see status) and try again");
        }

        var payload = response.Payload.ToArray();
        if (response.FunctionError is not null)
        {
            throw ScalerFunctionFailedException.FromPayload(function, payload);
        }

        try
        {
            return JsonSerializer.Deserialize(payload, ScalerJsonContext.Default.ScalerSummary)
                ?? throw new ScalerFunctionFailedException(function, "EmptyResult", "the function returned null instead of a summary");
        }
        catch (JsonException exception)
        {
            throw new ScalerFunctionFailedException(function, "UnexpectedResult", $"the function's result is not a scaler summary ({exception.Message}); is {function} the ScalerFunction?");
        }
    }
}
