using System.Text.Json;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Faults;
using LangfuseLifecycle.Testing.Moto;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>Issue 12 (strict events, configuration at init) and issue 17 (HTML 5xx retried) through the Native AOT <c>bootstrap</c>
/// as <c>sam build</c> builds it, against moto behind the fault-injecting proxy.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(ScalerMotoCollection.Name)]
public sealed class ScalerStrictBootstrapTests(MotoFixture moto, SamBuiltBootstrapFixture built) : IClassFixture<SamBuiltBootstrapFixture>
{
    [Fact]
    public async Task Bootstrap_WhenEventsHaveUnknownMisspelledOrRepeatedMembers_ShouldRefuseEachNamingItAndLeaveTheBackendUnchanged()
    {
        // Arrange
        var (environment, proxy) = await StartAsync();
        await using var _ = proxy;
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scaler", Variables(environment, proxy));
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        var bad = new (string Event, string Member)[]
        {
            ("""{"action":"sleep","dryrun":true}""", "dryrun"),
            ("""{"action":"sleep","dry_run":true}""", "dry_run"),
            ("""{"action":"wake","DryRun":true}""", "DryRun"),
            ("""{"action":"sleep","forhours":2}""", "forhours"),
            ("""{"action":"status","action":"sleep"}""", "action"),
            ("""{"action":"sleep","dryRun":true,"dryRun":false}""", "dryRun"),
        };

        // Act
        var results = new List<PostedResult>();
        for (var i = 0; i < bad.Length; i++)
        {
            results.Add(await api.Enqueue($"req-bad-{i}", bad[i].Event, deadline).Within());
        }

        // Assert
        for (var i = 0; i < bad.Length; i++)
        {
            Assert.Equal("InvalidScalerRequestException", results[i].ErrorTypeHeader);
            Assert.Contains($"'{bad[i].Member}'", results[i].BodyText);
            Assert.Contains("action, dryRun, forHours", results[i].BodyText);
        }

        Assert.Empty(proxy.Calls);
        Assert.Equal(2, await DesiredCountAsync(environment, environment.WorkerService));
        Assert.Equal(1, await DesiredCountAsync(environment, environment.ClickHouseService));
    }

    [Fact]
    public async Task Bootstrap_WhenAProxyAnswersOneHtml502_ShouldRetryAndCompleteTheSleep()
    {
        // Arrange
        var (environment, proxy) = await StartAsync();
        await using var _ = proxy;
        proxy.FailNext(1, Fault.HtmlPage(502), "ecs:UpdateService");
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scaler", Variables(environment, proxy));

        // Act
        var slept = await api.Enqueue("req-sleep", """{"action":"sleep"}""", DateTimeOffset.UtcNow.AddMinutes(2)).Within();

        // Assert
        Assert.True(slept.Kind == PostedResultKind.Response, slept.BodyText);
        using var summary = JsonDocument.Parse(slept.Body);
        Assert.Equal("completed", summary.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(1, proxy.InjectedFailureCount);
        Assert.Equal(0, await DesiredCountAsync(environment, environment.WorkerService));
        Assert.Equal(0, await DesiredCountAsync(environment, environment.ClickHouseService));
    }

    [Fact]
    public async Task Bootstrap_WhenAProxyAlwaysAnswersHtml503_ShouldFailAsTransientAwsServiceExceptionAfterTheConfiguredAttempts()
    {
        // Arrange
        var (environment, proxy) = await StartAsync();
        await using var _ = proxy;
        proxy.FailAlways("ecs:UpdateService", Fault.HtmlPage(503));
        var variables = Variables(environment, proxy);
        variables["AWS_MAX_ATTEMPTS"] = "3";
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scaler", variables);

        // Act
        var failed = await api.Enqueue("req-sleep", """{"action":"sleep"}""", DateTimeOffset.UtcNow.AddMinutes(2)).Within();

        // Assert
        Assert.Equal("AwsServiceException", failed.ErrorTypeHeader);
        Assert.Contains("HTTP 503", failed.BodyText);
        Assert.Contains("503 Error (injected)", failed.BodyText);
        Assert.Equal(3, proxy.CountCalls("ecs:UpdateService"));
        Assert.Equal(1, await DesiredCountAsync(environment, environment.ClickHouseService));
    }

    [Theory]
    [InlineData("SCHEDULER_ROLE_ARN", "not-an-arn")]
    [InlineData("SCALER_FUNCTION_ARN", "scaler")]
    [InlineData("WORKER_SERVICES", "langfuse-worker,langfuse-worker")]
    public async Task Bootstrap_WhenASettingIsMalformed_ShouldFailInitNamingItBeforeAnyAwsCall(string variable, string value)
    {
        // Arrange
        var (environment, proxy) = await StartAsync();
        await using var _ = proxy;
        var variables = Variables(environment, proxy);
        variables[variable] = value;
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scaler", variables);

        // Act
        var initError = await api.InitError.Within();

        // Assert
        Assert.Equal("InvalidScalerConfigurationException", initError.ErrorTypeHeader);
        Assert.Contains(variable, initError.BodyText);
        Assert.Contains("Fix:", initError.BodyText);
        Assert.Empty(proxy.Calls);
    }

    [Fact]
    public async Task Bootstrap_WhenTheEnvironmentHasNoCredentials_ShouldFailInitNamingTheVariablesBeforeAnyAwsCall()
    {
        // Arrange: the Lambda bootstrap reads environment credentials only (no profiles, no default chain compiled in).
        var (environment, proxy) = await StartAsync();
        await using var _ = proxy;
        var variables = Variables(environment, proxy);
        variables["AWS_ACCESS_KEY_ID"] = "";
        variables["AWS_SECRET_ACCESS_KEY"] = "";
        variables["AWS_PROFILE"] = "";
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scaler", variables);

        // Act
        var initError = await api.InitError.Within();

        // Assert
        Assert.Equal("AwsConfigurationException", initError.ErrorTypeHeader);
        Assert.Contains("AWS_ACCESS_KEY_ID", initError.BodyText);
        Assert.Contains("execution role", initError.BodyText);
        Assert.Empty(proxy.Calls);
    }

    private async Task<(MotoLangfuseEnvironment Environment, FaultInjectingProxy Proxy)> StartAsync()
    {
        await moto.ResetAsync();
        var environment = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
        return (environment, FaultInjectingProxy.Start(moto.Endpoint));
    }

    private Dictionary<string, string> Variables(MotoLangfuseEnvironment environment, FaultInjectingProxy proxy)
    {
        var variables = environment.ScalerEnvironment(proxy.Endpoint).ToDictionary(pair => pair.Key, pair => pair.Value);
        variables["TZDIR"] = built.ZoneInfoDirectory;
        return variables;
    }

    private async Task<int> DesiredCountAsync(MotoLangfuseEnvironment environment, string service)
    {
        var ecs = new AmazonECSClient(AwsClientConfig.FromEnvironment(name => MotoServer.CreateClientEnvironment(moto.Endpoint).GetValueOrDefault(name)));
        var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = environment.Cluster, Services = [service] });
        return Assert.Single(response.Services!).DesiredCount ?? -1;
    }
}
