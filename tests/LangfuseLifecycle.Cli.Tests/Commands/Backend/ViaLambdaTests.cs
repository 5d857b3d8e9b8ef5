using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Testing.Moto;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

/// <summary>
/// --via-lambda against a loopback Lambda stand-in that serves Invoke by running the real ScalerHandler on moto, as the
/// deployed function would: proves the Invoke wire (path, invocation type, payload) and how results and function errors come back.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ViaLambdaTests(MotoFixture moto)
{
    private const string FunctionName = "langfuse-lifecycle-ScalerFunction";

    [Fact]
    public async Task Sleep_WhenViaLambda_ShouldInvokeTheFunctionAndPrintItsSummary()
    {
        await moto.ResetAsync();
        var backend = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
        var requests = new ConcurrentQueue<(string Target, string? InvocationType, string Body)>();
        await using var lambda = LambdaStandIn(backend, requests);

        var run = await CliRun.RunAsync(Environment(lambda), null, "sleep", "--via-lambda", "--function", FunctionName, "--cluster", "ignored-by-lambda", "--reason", "cli test", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("sleep", run.JsonRoot.GetProperty("action").GetString());
        Assert.Equal("completed", run.JsonRoot.GetProperty("outcome").GetString());
        var request = Assert.Single(requests);
        Assert.Equal($"/2015-03-31/functions/{FunctionName}/invocations", request.Target);
        Assert.Equal("RequestResponse", request.InvocationType);
        Assert.Equal("sleep", JsonDocument.Parse(request.Body).RootElement.GetProperty("action").GetString());
        Assert.Equal("cli test", JsonDocument.Parse(request.Body).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task KeepAwake_WhenFunctionRejectsTheEvent_ShouldExitWithTheFunctionsErrorType()
    {
        await moto.ResetAsync();
        var backend = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
        await using var lambda = LambdaStandIn(backend, new ConcurrentQueue<(string, string?, string)>());

        var run = await CliRun.RunAsync(Environment(lambda), null, "keep-awake", "--until", "2020-01-01T00:00Z", "--via-lambda", "--function", FunctionName);

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("InvalidScalerRequestException", run.Error);
        Assert.Contains("in the past", run.Error);
    }

    [Fact]
    public async Task Wake_WhenViaLambdaWithoutFunction_ShouldExitBadUsageNamingTheFlag()
    {
        await moto.ResetAsync();

        var run = await CliRun.RunAsync(new Dictionary<string, string>(moto.CreateClientEnvironment()), null, "wake", "--via-lambda");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("--function", run.Error);
        Assert.Contains("SCALER_FUNCTION_ARN", run.Error);
    }

    private Dictionary<string, string> Environment(LoopbackHttpServer lambda) => new(moto.CreateClientEnvironment())
    {
        ["AWS_ENDPOINT_URL_LAMBDA"] = lambda.BaseUri.GetLeftPart(UriPartial.Authority),
    };

    private static LoopbackHttpServer LambdaStandIn(MotoLangfuseEnvironment backend, ConcurrentQueue<(string Target, string? InvocationType, string Body)> requests)
    {
        var handler = ScalerHandler.Create(new DictionaryEnvironment(backend.ScalerEnvironment()));
        return LoopbackHttpServer.Start(async request =>
        {
            requests.Enqueue((request.Target, request.Headers["X-Amz-Invocation-Type"], request.BodyText));
            var context = new InvocationContext("stand-in", DateTimeOffset.UtcNow.AddMinutes(5), MotoLangfuseEnvironment.FunctionArn, null, new LambdaLogger(Stream.Null, ScalerHandler.HandlerName, TimeProvider.System));
            try
            {
                var result = await handler.HandleAsync(request.Body, context, CancellationToken.None);
                return new LoopbackResponse(200, [new("Content-Type", "application/json"), new("X-Amz-Executed-Version", "$LATEST")], result);
            }
            catch (Exception exception)
            {
                var error = new System.Text.Json.Nodes.JsonObject { ["errorType"] = exception.GetType().Name, ["errorMessage"] = exception.Message }.ToJsonString();
                return new LoopbackResponse(200, [new("Content-Type", "application/json"), new("X-Amz-Function-Error", "Unhandled")], Encoding.UTF8.GetBytes(error));
            }
        });
    }
}
