using System.Text.Json;
using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>Scaler events sent through the Native AOT <c>bootstrap</c> built as <c>sam build</c> does, against moto: the shipped
/// binary's JSON contexts, AWS clients, time zones and error types, end to end.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Collection(ScalerMotoCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ScalerAotBootstrapTests(MotoFixture moto, SamBuiltBootstrapFixture built) : IClassFixture<SamBuiltBootstrapFixture>
{
    [Fact]
    public async Task Bootstrap_WhenScalerEventsArrive_ShouldSleepReportAndWakeThroughTheAotBinary()
    {
        // Arrange
        await moto.ResetAsync();
        var environment = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
        var variables = environment.ScalerEnvironment().ToDictionary(pair => pair.Key, pair => pair.Value);
        variables["TZDIR"] = built.ZoneInfoDirectory;
        variables["HOLIDAYS"] = "2026-12-31,2027-01-01..2027-01-03";
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scaler", variables);
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);

        // Act
        var slept = await api.Enqueue("req-sleep", """{"action":"sleep","reason":"aot test"}""", deadline).Within();
        var status = await api.Enqueue("req-status", """{"action":"status"}""", deadline).Within();
        var invalid = await api.Enqueue("req-invalid", """{"action":"nap"}""", deadline).Within();
        var woken = await api.Enqueue("req-wake", """{"action":"wake","force":true}""", deadline).Within();

        // Assert
        Assert.Equal(PostedResultKind.Response, slept.Kind);
        using (var sleep = JsonDocument.Parse(slept.Body))
        {
            Assert.Equal("completed", sleep.RootElement.GetProperty("outcome").GetString());
            Assert.Equal(environment.WorkerService, sleep.RootElement.GetProperty("services")[0].GetProperty("service").GetString());
            Assert.Equal(2, sleep.RootElement.GetProperty("services")[0].GetProperty("restoreCountRecorded").GetInt32());
        }

        using (var report = JsonDocument.Parse(status.Body))
        {
            Assert.Equal("reported", report.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("Asia/Tokyo", report.RootElement.GetProperty("overrides").GetProperty("timeZone").GetString());
            Assert.False(report.RootElement.GetProperty("clickHousePlacement").GetProperty("pinned").GetBoolean());
        }

        Assert.Equal("InvalidScalerRequestException", invalid.ErrorTypeHeader);
        Assert.Contains("is unknown", invalid.BodyText);

        Assert.Equal(PostedResultKind.Response, woken.Kind);
        using (var wake = JsonDocument.Parse(woken.Body))
        {
            Assert.True(wake.RootElement.GetProperty("services")[0].GetProperty("subnetsChanged").GetBoolean());
        }

        var services = await new Aws.ECS.AmazonECSClient(Aws.Http.AwsClientConfig.FromEnvironment(name => MotoServer.CreateClientEnvironment(moto.Endpoint).GetValueOrDefault(name)))
            .DescribeServicesAsync(new DescribeServicesRequest { Cluster = environment.Cluster, Services = [environment.WorkerService] });
        Assert.Equal(2, services.Services![0].DesiredCount);
        Assert.Contains(bootstrap.StdoutLines, line => line.Contains("\"handler\":\"scaler\"", StringComparison.Ordinal) && line.Contains("desired_before", StringComparison.Ordinal));
    }
}
