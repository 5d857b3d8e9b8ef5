using System.Text.Json;
using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Lambda;
using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Testing.Faults;
using LangfuseLifecycle.Testing.Moto;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

/// <summary>
/// --via-lambda against the Lambda Invoke emulator running the real ScalerHandler on moto, as the deployed function
/// would: proves the Invoke wire (path, invocation type, payload) and how results and function errors come back.
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
        await using var lambda = LambdaEmulator(backend);

        var run = await CliRun.RunAsync(Environment(lambda), null, "sleep", "--via-lambda", "--function", FunctionName, "--cluster", "ignored-by-lambda", "--reason", "cli test", "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("sleep", run.JsonRoot.GetProperty("action").GetString());
        Assert.Equal("completed", run.JsonRoot.GetProperty("outcome").GetString());
        var invocation = Assert.Single(lambda.Invocations);
        Assert.Equal(FunctionName, invocation.FunctionName);
        Assert.Equal("RequestResponse", invocation.InvocationType);
        Assert.Equal("sleep", JsonDocument.Parse(invocation.PayloadText).RootElement.GetProperty("action").GetString());
        Assert.Equal("cli test", JsonDocument.Parse(invocation.PayloadText).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task KeepAwake_WhenFunctionRejectsTheEvent_ShouldExitWithTheFunctionsErrorType()
    {
        await moto.ResetAsync();
        var backend = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
        await using var lambda = LambdaEmulator(backend);

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

    [Fact]
    public async Task Status_WhenViaLambdaAndTheCallerMayOnlyInvoke_ShouldReportFromTheFunctionWithNotes()
    {
        var stack = await ScalerStack.CreateAsync(moto);
        await using var lambda = LambdaEmulator(stack.Backend);
        await using var proxy = FaultInjectingProxy.Start(moto.Endpoint);
        proxy.FailAlways("ecs:*", Fault.Error(400, "AccessDeniedException"));
        proxy.FailAlways("scheduler:*", Fault.Error(403, "AccessDeniedException"));
        var environment = new Dictionary<string, string>(stack.EnvironmentVia(proxy.Endpoint).Concat(lambda.CreateClientEnvironment()));

        var run = await ScalerStack.RunAsync(environment, "status", "--via-lambda", "--function", FunctionName, "--output", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(2, run.JsonRoot.GetProperty("status").GetProperty("services").GetArrayLength());
        var notes = run.JsonRoot.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.StartsWith("could not read the services' ECS events and records (AccessDeniedException", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("could not read the deployed schedules (AccessDeniedException", StringComparison.Ordinal));
        Assert.Single(lambda.Invocations);
    }

    private Dictionary<string, string> Environment(LambdaInvokeEmulator lambda) => new(moto.CreateClientEnvironment().Concat(lambda.CreateClientEnvironment()));

    private static LambdaInvokeEmulator LambdaEmulator(MotoLangfuseEnvironment backend)
    {
        var functions = new LocalLambdaFunctions(HandlerRegistry.Default, [new LocalLambdaFunction(FunctionName, ScalerHandler.HandlerName, TimeSpan.FromMinutes(1), backend.ScalerEnvironment())]);
        return LambdaInvokeEmulator.Start(functions.InvokeAsync);
    }
}
