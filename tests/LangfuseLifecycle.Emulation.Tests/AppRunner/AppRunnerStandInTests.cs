using LangfuseLifecycle.Emulation.Tests.TestHelpers;
using System.Net;
using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Testing.Faults;

namespace LangfuseLifecycle.Emulation.Tests.AppRunner;

public sealed class AppRunnerStandInTests : IAsyncLifetime
{
    private const string V2Image = "public.ecr.aws/langfuse/langfuse:2.95.0";
    private const string V3Image = "public.ecr.aws/langfuse/langfuse:3.29.0";
    private static readonly HttpClient Http = new();
    private AppRunnerStandIn _appRunner = null!;
    private SeededAppRunnerService _web = null!;

    public Task InitializeAsync()
    {
        _appRunner = AppRunnerStandIn.Start();
        _web = _appRunner.SeedService(new AppRunnerServiceSeed("langfuse-web", V2Image)
        {
            EnvironmentVariables = new Dictionary<string, string> { ["NEXTAUTH_URL"] = "https://langfuse.example.com" },
            Secrets = new Dictionary<string, string> { ["DATABASE_URL"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _appRunner.DisposeAsync();

    [Fact]
    public async Task DescribeService_WhenServiceIsSeeded_ShouldAnswerTheAwsJson10Shape()
    {
        // Act
        using var response = await SendAsync(_appRunner.Endpoint, "DescribeService", $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var service = body.RootElement.GetProperty("Service");
        Assert.Equal("RUNNING", service.GetProperty("Status").GetString());
        Assert.Equal(_web.ServiceArn, service.GetProperty("ServiceArn").GetString());
        Assert.Equal(JsonValueKind.Number, service.GetProperty("CreatedAt").ValueKind);
        var image = service.GetProperty("SourceConfiguration").GetProperty("ImageRepository");
        Assert.Equal(V2Image, image.GetProperty("ImageIdentifier").GetString());
        Assert.Equal("ECR_PUBLIC", image.GetProperty("ImageRepositoryType").GetString());
        Assert.Equal("https://langfuse.example.com", image.GetProperty("ImageConfiguration").GetProperty("RuntimeEnvironmentVariables").GetProperty("NEXTAUTH_URL").GetString());
        Assert.Equal("DEFAULT", service.GetProperty("NetworkConfiguration").GetProperty("EgressConfiguration").GetProperty("EgressType").GetString());
    }

    [Fact]
    public async Task DescribeService_WhenArnIsUnknown_ShouldAnswerResourceNotFoundException()
    {
        // Arrange
        var unknown = "arn:aws:apprunner:us-east-1:123456789012:service/nope/0123456789abcdef0123456789abcdef";

        // Act
        using var response = await SendAsync(_appRunner.Endpoint, "DescribeService", $$"""{"ServiceArn":"{{unknown}}"}""");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", await ErrorTypeAsync(response));
    }

    [Fact]
    public async Task UpdateService_WhenRunning_ShouldRunAnOperationThatSucceedsAfterTheConfiguredPolls()
    {
        // Arrange
        _appRunner.PollsUntilOperationCompletes = 2;

        // Act
        using var update = await SendAsync(_appRunner.Endpoint, "UpdateService", UpdateToV3Json());
        using var firstPoll = await SendAsync(_appRunner.Endpoint, "DescribeService", $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""");
        using var secondPoll = await SendAsync(_appRunner.Endpoint, "DescribeService", $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""");

        // Assert
        using var updated = JsonDocument.Parse(await update.Content.ReadAsStringAsync());
        Assert.Equal("OPERATION_IN_PROGRESS", updated.RootElement.GetProperty("Service").GetProperty("Status").GetString());
        var operationId = updated.RootElement.GetProperty("OperationId").GetString();
        Assert.Equal("OPERATION_IN_PROGRESS", await ServiceStatusAsync(firstPoll));
        Assert.Equal("RUNNING", await ServiceStatusAsync(secondPoll));
        var service = _appRunner.GetService(_web.ServiceArn);
        Assert.Equal(V3Image, service.ImageIdentifier);
        Assert.Equal("VPC", service.EgressType);
        Assert.Equal("3.29.0", ServiceVersionFromWeb(await Http.GetStringAsync(_web.HealthUrl)));
        var operation = Assert.Single(_appRunner.GetOperations(_web.ServiceArn));
        Assert.Equal((operationId, "UPDATE_SERVICE", "SUCCEEDED"), (operation.Id, operation.Type, operation.Status));
    }

    [Fact]
    public async Task UpdateService_WhenAnOperationIsInProgress_ShouldAnswerInvalidStateException()
    {
        // Arrange
        using var first = await SendAsync(_appRunner.Endpoint, "UpdateService", UpdateToV3Json());

        // Act
        using var second = await SendAsync(_appRunner.Endpoint, "UpdateService", UpdateToV3Json());

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("InvalidStateException", await ErrorTypeAsync(second));
    }

    [Theory]
    [InlineData("ROLLBACK_SUCCEEDED")]
    [InlineData("FAILED")]
    public async Task UpdateService_WhenAFailureIsScripted_ShouldEndWithItAndRestoreThePreviousConfiguration(string outcome)
    {
        // Arrange
        _appRunner.PollsUntilOperationCompletes = 1;
        _appRunner.FailNextOperation(_web.ServiceArn, outcome);

        // Act
        using var update = await SendAsync(_appRunner.Endpoint, "UpdateService", UpdateToV3Json());
        using var list = await SendAsync(_appRunner.Endpoint, "ListOperations", $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""");

        // Assert
        using var operations = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var summary = operations.RootElement.GetProperty("OperationSummaryList")[0];
        Assert.Equal(outcome, summary.GetProperty("Status").GetString());
        Assert.True(summary.TryGetProperty("EndedAt", out _));
        var service = _appRunner.GetService(_web.ServiceArn);
        Assert.Equal("RUNNING", service.Status);
        Assert.Equal(V2Image, service.ImageIdentifier);
        Assert.Equal("https://langfuse.example.com", service.EnvironmentVariables["NEXTAUTH_URL"]);
        Assert.Equal("DEFAULT", service.EgressType);
    }

    [Fact]
    public async Task UpdateService_WhenHealthCheckIntervalIsOutOfRange_ShouldAnswerInvalidRequestNamingTheFieldAndChangeNothing()
    {
        // Act
        using var response = await SendAsync(_appRunner.Endpoint, "UpdateService",
            $$"""{"ServiceArn":"{{_web.ServiceArn}}","HealthCheckConfiguration":{"Protocol":"HTTP","Path":"/api/public/health","Interval":30} }""");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestException", await ErrorTypeAsync(response));
        Assert.Contains("HealthCheckConfiguration.Interval", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_appRunner.GetOperations(_web.ServiceArn));
        Assert.Equal("RUNNING", _appRunner.GetService(_web.ServiceArn).Status);
    }

    [Fact]
    public async Task WebHealth_WhileTheUpdateIsInProgress_ShouldStillServeThePreviousVersion()
    {
        // Arrange
        _appRunner.PollsUntilOperationCompletes = 5;

        // Act
        using var update = await SendAsync(_appRunner.Endpoint, "UpdateService", UpdateToV3Json());
        var health = await Http.GetStringAsync(_web.HealthUrl);

        // Assert
        Assert.Equal("2.95.0", ServiceVersionFromWeb(health));
    }

    [Fact]
    public async Task WebReady_WhenStatusesAreScripted_ShouldAnswerThemInOrder()
    {
        // Arrange
        _appRunner.ScriptWebStatuses(_web.ServiceArn, AppRunnerStandIn.WebReadyPath, 503, 200);

        // Act
        using var first = await Http.GetAsync(_web.ReadyUrl);
        using var second = await Http.GetAsync(_web.ReadyUrl);

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, _appRunner.CountWebRequests(_web.ServiceArn, AppRunnerStandIn.WebReadyPath));
    }

    [Fact]
    public async Task PauseAndResume_WhenPolledToCompletion_ShouldStopAndRestartTheWeb()
    {
        // Arrange
        _appRunner.PollsUntilOperationCompletes = 1;
        var describe = $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""";

        // Act
        using var pause = await SendAsync(_appRunner.Endpoint, "PauseService", describe);
        using var paused = await SendAsync(_appRunner.Endpoint, "DescribeService", describe);
        using var webWhilePaused = await Http.GetAsync(_web.HealthUrl);
        using var resume = await SendAsync(_appRunner.Endpoint, "ResumeService", describe);
        using var resumed = await SendAsync(_appRunner.Endpoint, "DescribeService", describe);

        // Assert
        Assert.Equal("PAUSED", await ServiceStatusAsync(paused));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webWhilePaused.StatusCode);
        Assert.Equal("RUNNING", await ServiceStatusAsync(resumed));
        Assert.Equal(["RESUME_SERVICE", "PAUSE_SERVICE"], _appRunner.GetOperations(_web.ServiceArn).Select(operation => operation.Type));
    }

    [Fact]
    public async Task ListOperations_WhenMaxResultsIsSmallerThanTheHistory_ShouldPageWithNextToken()
    {
        // Arrange
        _appRunner.PollsUntilOperationCompletes = 1;
        var describe = $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""";
        (await SendAsync(_appRunner.Endpoint, "PauseService", describe)).Dispose();
        (await SendAsync(_appRunner.Endpoint, "DescribeService", describe)).Dispose();
        (await SendAsync(_appRunner.Endpoint, "ResumeService", describe)).Dispose();
        (await SendAsync(_appRunner.Endpoint, "DescribeService", describe)).Dispose();

        // Act
        using var firstPage = await SendAsync(_appRunner.Endpoint, "ListOperations", $$"""{"ServiceArn":"{{_web.ServiceArn}}","MaxResults":1}""");
        using var first = JsonDocument.Parse(await firstPage.Content.ReadAsStringAsync());
        var token = first.RootElement.GetProperty("NextToken").GetString();
        using var secondPage = await SendAsync(_appRunner.Endpoint, "ListOperations", $$"""{"ServiceArn":"{{_web.ServiceArn}}","MaxResults":1,"NextToken":"{{token}}"}""");
        using var second = JsonDocument.Parse(await secondPage.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal("RESUME_SERVICE", first.RootElement.GetProperty("OperationSummaryList")[0].GetProperty("Type").GetString());
        Assert.Equal("PAUSE_SERVICE", second.RootElement.GetProperty("OperationSummaryList")[0].GetProperty("Type").GetString());
        Assert.False(second.RootElement.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task Requests_WhenCallsArrive_ShouldLogOperationServiceArnAndSignature()
    {
        // Act
        (await SendAsync(_appRunner.Endpoint, "DescribeService", $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""")).Dispose();

        // Assert
        var request = Assert.Single(_appRunner.Requests);
        Assert.Equal(("DescribeService", _web.ServiceArn), (request.Operation, request.ServiceArn));
        Assert.True(request.IsSigned);
        Assert.Equal(1, _appRunner.CountRequests("DescribeService"));
    }

    [Fact]
    public async Task Request_WhenTargetIsNotAnAppRunnerOperation_ShouldAnswerUnknownOperationException()
    {
        // Act
        using var response = await SendAsync(_appRunner.Endpoint, "CreateService", "{}");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnknownOperationException", await ErrorTypeAsync(response));
    }

    [Fact]
    public async Task DescribeService_WhenThrottledByAProxyInFront_ShouldReachTheStandInOnTheRetry()
    {
        // Arrange
        await using var proxy = FaultInjectingProxy.Start(_appRunner.Endpoint);
        proxy.FailNext(1, Fault.Throttling(), "apprunner:DescribeService");
        var describe = $$"""{"ServiceArn":"{{_web.ServiceArn}}"}""";

        // Act
        using var throttled = await SendAsync(proxy.Endpoint, "DescribeService", describe);
        using var retried = await SendAsync(proxy.Endpoint, "DescribeService", describe);

        // Assert
        Assert.Equal("ThrottlingException", await ErrorTypeAsync(throttled));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, proxy.CallCounts["apprunner:DescribeService"]);
        Assert.Equal(1, _appRunner.CountRequests("DescribeService"));
    }

    private string UpdateToV3Json() => $$"""
        {
          "ServiceArn": "{{_web.ServiceArn}}",
          "SourceConfiguration": {
            "ImageRepository": {
              "ImageIdentifier": "{{V3Image}}",
              "ImageRepositoryType": "ECR_PUBLIC",
              "ImageConfiguration": { "Port": "3000", "RuntimeEnvironmentVariables": { "CLICKHOUSE_URL": "http://clickhouse.langfuse.local:8123" } }
            }
          },
          "NetworkConfiguration": {
            "EgressConfiguration": { "EgressType": "VPC", "VpcConnectorArn": "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/langfuse/1/0123456789abcdef0123456789abcdef" }
          }
        }
        """;

    private static Task<HttpResponseMessage> SendAsync(Uri endpoint, string operation, string json)
    {
        var request = RawAwsRequests.AwsJson(endpoint, "apprunner", "AppRunner." + operation, json, jsonVersion: "1.0");
        return Http.SendAsync(request);
    }

    private static async Task<string?> ServiceStatusAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("Service").GetProperty("Status").GetString();
    }

    private static async Task<string?> ErrorTypeAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("__type").GetString();
    }

    private static string? ServiceVersionFromWeb(string healthJson)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(healthJson));
        return document.RootElement.GetProperty("version").GetString();
    }
}
