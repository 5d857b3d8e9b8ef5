using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.Lambda;
using LangfuseLifecycle.Testing.Asl;
using LangfuseLifecycle.Testing.Faults;

namespace LangfuseLifecycle.Emulation.Tests.Lambda;

/// <summary>The Lambda Invoke emulator's wire, and scripts/run-local-sfn.cjs calling it for lambda:invoke Task states.</summary>
public sealed class LambdaInvokeEmulatorTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:langfuse-step";

    private const string Definition = """
        {
          "StartAt": "Step",
          "States": {
            "Step": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": { "FunctionName": "${StepFunctionArn}", "Payload": { "value.$": "$.value" } },
              "ResultSelector": { "doubled.$": "$.Payload.doubled" },
              "Retry": [{ "ErrorEquals": ["Lambda.TooManyRequestsException", "Lambda.ServiceException"], "IntervalSeconds": 2, "MaxAttempts": 3 }],
              "Catch": [{ "ErrorEquals": ["ValueRejectedException"], "ResultPath": "$.failure", "Next": "Rejected" }],
              "End": true
            },
            "Rejected": { "Type": "Fail", "ErrorPath": "$.failure.Error", "CausePath": "$.failure.Cause" }
          }
        }
        """;

    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Invoke_WhenTheFunctionReturns_ShouldAnswer200WithItsPayloadAndRecordTheInvocation()
    {
        // Arrange
        await using var lambda = LambdaInvokeEmulator.Start(Doubler);

        // Act
        using var response = await InvokeAsync(lambda, Uri.EscapeDataString(FunctionArn), """{"value":21}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"doubled":42}""", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        var invocation = Assert.Single(lambda.Invocations);
        Assert.Equal(FunctionArn, invocation.FunctionName);
        Assert.Equal("langfuse-step", invocation.ShortFunctionName);
        Assert.Equal("RequestResponse", invocation.InvocationType);
    }

    [Fact]
    public async Task Invoke_WhenTheFunctionFails_ShouldAnswer200WithFunctionErrorUnhandledAndTheRuntimesErrorJson()
    {
        // Arrange
        await using var lambda = LambdaInvokeEmulator.Start(Doubler);

        // Act
        using var response = await InvokeAsync(lambda, "langfuse-step", """{"value":-1}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ValueRejectedException", error.RootElement.GetProperty("errorType").GetString());
    }

    [Theory]
    [InlineData("other-function", "RequestResponse", HttpStatusCode.NotFound)]
    [InlineData("langfuse-step:live", "Event", HttpStatusCode.Accepted)]
    [InlineData("123456789012:function:langfuse-step", "DryRun", HttpStatusCode.NoContent)]
    public async Task Invoke_WhenFunctionOrInvocationTypeVaries_ShouldAnswerLikeLambda(string functionName, string invocationType, HttpStatusCode expected)
    {
        // Arrange
        await using var lambda = LambdaInvokeEmulator.Start(Doubler);

        // Act
        using var response = await InvokeAsync(lambda, Uri.EscapeDataString(functionName), """{"value":1}""", invocationType);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        }
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task RunLocalSfn_WhenLambdaThrottlesOnceThenAnswers_ShouldRetryTheLambdaErrorAndSelectThePayload()
    {
        // Arrange
        await using var lambda = LambdaInvokeEmulator.Start(Doubler);
        await using var proxy = FaultInjectingProxy.Start(lambda.Endpoint);
        proxy.FailNext(1, Fault.TooManyRequests());

        // Act
        var result = await LocalStepFunctions.RunAsync(Request(proxy.Endpoint, """{"value":4}"""));

        // Assert
        Assert.True(result.Succeeded, $"{result.Error}: {result.Cause}");
        Assert.Equal(8, (int?)result.Output?["doubled"]);
        Assert.Equal(1, result.RetriesOf("Step"));
        Assert.Equal(2, proxy.Calls.Count);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task RunLocalSfn_WhenTheFunctionThrows_ShouldCatchItByTheErrorTypeWithLambdasErrorJsonAsTheCause()
    {
        // Arrange
        await using var lambda = LambdaInvokeEmulator.Start(Doubler);

        // Act
        var result = await LocalStepFunctions.RunAsync(Request(lambda.Endpoint, """{"value":-3}"""));

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal("ValueRejectedException", result.Error);
        Assert.Equal("-3 is negative", (string?)JsonNode.Parse(result.Cause!)?["errorMessage"]);
        Assert.Equal(0, result.RetriesOf("Step"));
    }

    private static AslExecutionRequest Request(Uri lambdaEndpoint, string input) => new(Definition)
    {
        InputJson = input,
        LambdaEndpoint = lambdaEndpoint,
        Substitutions = new Dictionary<string, string> { ["StepFunctionArn"] = FunctionArn },
    };

    /// <summary>A function that doubles <c>value</c> and rejects negatives the way the bootstrap reports an exception.</summary>
    private static Task<LambdaInvocationResult?> Doubler(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.ShortFunctionName != "langfuse-step")
        {
            return Task.FromResult<LambdaInvocationResult?>(null);
        }

        var value = JsonNode.Parse(invocation.Payload)!["value"]!.GetValue<int>();
        return Task.FromResult<LambdaInvocationResult?>(value < 0
            ? LambdaInvocationResult.Unhandled(Encoding.UTF8.GetBytes($$"""{"errorType":"ValueRejectedException","errorMessage":"{{value}} is negative","stackTrace":[]}"""))
            : LambdaInvocationResult.Success(Encoding.UTF8.GetBytes($$"""{"doubled":{{value * 2}}}""")));
    }

    private static Task<HttpResponseMessage> InvokeAsync(LambdaInvokeEmulator lambda, string escapedFunctionName, string payload, string invocationType = "RequestResponse")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(lambda.Endpoint, $"2015-03-31/functions/{escapedFunctionName}/invocations"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Invocation-Type", invocationType);
        return Http.SendAsync(request);
    }
}
