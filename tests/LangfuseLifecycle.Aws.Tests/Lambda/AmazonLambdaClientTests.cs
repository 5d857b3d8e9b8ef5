using System.Net;
using System.Text;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Lambda;
using LangfuseLifecycle.Aws.Lambda.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.Lambda;

public sealed class AmazonLambdaClientTests
{
    [Fact]
    public async Task InvokeAsync_WhenFunctionSucceeds_ShouldPostThePayloadAndReturnTheResult()
    {
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.OK, """{"outcome":"completed"}""", "application/json", ("X-Amz-Executed-Version", "$LATEST"));
        var client = new AmazonLambdaClient(TestConfigs.WithHandler(handler));

        var response = await client.InvokeAsync(new InvokeRequest
        {
            FunctionName = "arn:aws:lambda:eu-west-1:123456789012:function:scaler",
            InvocationType = "RequestResponse",
            Qualifier = "live",
            Payload = """{"action":"status"}""",
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Ascaler/invocations?Qualifier=live", request.Uri.AbsoluteUri);
        Assert.Equal("RequestResponse", request.Header("X-Amz-Invocation-Type"));
        Assert.Contains("/eu-west-1/lambda/aws4_request", request.Header("Authorization"));
        Assert.Equal("""{"action":"status"}""", request.Body);
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.FunctionError);
        Assert.Equal("$LATEST", response.ExecutedVersion);
        Assert.Equal("""{"outcome":"completed"}""", Encoding.UTF8.GetString(response.Payload.ToArray()));
    }

    [Fact]
    public async Task InvokeAsync_WhenFunctionFails_ShouldReturnFunctionErrorAndTheErrorObject()
    {
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.OK, """{"errorType":"BackendWakeTimeoutException","errorMessage":"timed out"}""", "application/json", ("X-Amz-Function-Error", "Unhandled"));
        var client = new AmazonLambdaClient(TestConfigs.WithHandler(handler));

        var response = await client.InvokeAsync(new InvokeRequest { FunctionName = "scaler", Payload = "{}" });

        Assert.Equal("Unhandled", response.FunctionError);
        Assert.Contains("BackendWakeTimeoutException", Encoding.UTF8.GetString(response.Payload.ToArray()));
    }

    [Fact]
    public async Task InvokeAsync_WhenFunctionMissing_ShouldThrowServiceExceptionWithTheCode()
    {
        var handler = new RecordingHttpHandler().Respond(HttpStatusCode.NotFound, """{"Type":"User","message":"Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope"}""", "application/json", ("x-amzn-ErrorType", "ResourceNotFoundException"));
        var client = new AmazonLambdaClient(TestConfigs.WithHandler(handler));

        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.InvokeAsync(new InvokeRequest { FunctionName = "nope", Payload = "{}" }));

        Assert.Equal("ResourceNotFoundException", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task InvokeAsync_WhenFunctionNameMissing_ShouldThrowBeforeSending()
    {
        var handler = new RecordingHttpHandler();
        var client = new AmazonLambdaClient(TestConfigs.WithHandler(handler));

        await Assert.ThrowsAsync<ArgumentException>(() => client.InvokeAsync(new InvokeRequest { Payload = "{}" }));

        Assert.Empty(handler.Requests);
    }
}
