using System.Text.Json;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Runtime;

/// <summary>The Native AOT <c>bootstrap</c> built by the Makefile, run as a process against the fake Runtime API.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait("Category", "EndToEnd")]
public sealed class AotBootstrapExecutableTests(SamBuiltBootstrapFixture built) : IClassFixture<SamBuiltBootstrapFixture>
{
    // Read at each use: a value taken when the type loads would age while the shared AOT build runs.
    private static DateTimeOffset FarDeadline => DateTimeOffset.UtcNow.AddMinutes(10);

    private Dictionary<string, string> ShippedTimeZones() => new() { ["TZDIR"] = built.ZoneInfoDirectory };

    [Fact]
    public void MakeBuild_WhenRunAsSamDoes_ShouldLeaveBootstrapAndZoneinfoThatPassTheChecks()
    {
        // Arrange / Act: the fixture ran `make build-ScalerFunction`.

        // Assert
        Assert.True(File.Exists(built.BootstrapPath));
        Assert.True(File.GetUnixFileMode(built.BootstrapPath).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.Exists(Path.Combine(built.ZoneInfoDirectory, "Europe", "Berlin")));
        Assert.True(File.Exists(Path.Combine(built.ZoneInfoDirectory, "America", "New_York")));
        Assert.False(Directory.Exists(Path.Combine(built.ZoneInfoDirectory, "right")));
        Assert.Contains("check-bootstrap: OK", built.BuildOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_WhenPingInvoked_ShouldAnswerAsNativeAotWithTraceIdAndShippedTimeZone()
    {
        // Arrange
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "ping", ShippedTimeZones());
        const string traceId = "Root=1-6759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0";

        // Act
        var posted = await api.Enqueue("req-aot-1", "{\"message\":\"hello\",\"timeZone\":\"Europe/Berlin\"}", FarDeadline, traceId).Within();

        // Assert
        Assert.Equal(PostedResultKind.Response, posted.Kind);
        using var json = JsonDocument.Parse(posted.Body);
        var result = json.RootElement;
        Assert.True(result.GetProperty("nativeAot").GetBoolean());
        Assert.Equal("hello", result.GetProperty("message").GetString());
        Assert.Equal("req-aot-1", result.GetProperty("requestId").GetString());
        Assert.Equal(traceId, result.GetProperty("traceId").GetString());
        Assert.True(result.GetProperty("timeZone").GetProperty("found").GetBoolean());
        Assert.Equal(60, result.GetProperty("timeZone").GetProperty("utcOffsetMinutesOn20260115").GetInt32());
    }

    [Fact]
    public async Task Bootstrap_WhenEventIsMalformed_ShouldReportInvalidEventExceptionAndKeepServing()
    {
        // Arrange
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "ping", ShippedTimeZones());

        // Act
        var failed = await api.Enqueue("req-aot-bad", "{\"timeZone\": [", FarDeadline).Within();
        var served = await api.Enqueue("req-aot-good", "{}", FarDeadline).Within();

        // Assert
        Assert.Equal("InvalidEventException", failed.ErrorTypeHeader);
        using var error = JsonDocument.Parse(failed.Body);
        Assert.Equal("InvalidEventException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("PingRequest", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(PostedResultKind.Response, served.Kind);
        Assert.False(bootstrap.HasExited);
    }

    [Fact]
    public async Task Bootstrap_WhenHandlerIsUnknown_ShouldPostInitErrorAndExitNonZero()
    {
        // Arrange
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "scalar");

        // Act
        var initError = await api.InitError.Within();
        var exitCode = await bootstrap.WaitForExitAsync(Waits.Result);

        // Assert
        Assert.Equal("UnknownHandlerException", initError.ErrorTypeHeader);
        var message = JsonDocument.Parse(initError.Body).RootElement.GetProperty("errorMessage").GetString();
        Assert.Contains("Handler 'scalar' is not known", message, StringComparison.Ordinal);
        // The list is sorted and grows with every handler; what matters is that it names the known ones.
        Assert.Contains("one of: ", message, StringComparison.Ordinal);
        Assert.Contains("ping", message, StringComparison.Ordinal);
        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
    }

    [Fact]
    public async Task Bootstrap_WhenTzdirPointsElsewhere_ShouldResolveTimeZonesOnlyFromThere()
    {
        // Arrange: a zone id no system has, in a TZDIR of our own, proves .NET reads TZDIR and not /usr/share/zoneinfo.
        var customZoneInfo = Directory.CreateTempSubdirectory("tzdir-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(customZoneInfo, "Lifecycle"));
            File.Copy(Path.Combine(built.ZoneInfoDirectory, "Asia", "Tokyo"), Path.Combine(customZoneInfo, "Lifecycle", "Test"));
            await using var api = new FakeRuntimeApi();
            using var bootstrap = new BootstrapProcess(
                built.BootstrapPath, api.Address, "ping", new Dictionary<string, string> { ["TZDIR"] = customZoneInfo });

            // Act
            var custom = await api.Enqueue("req-tz-custom", "{\"timeZone\":\"Lifecycle/Test\"}", FarDeadline).Within();
            var system = await api.Enqueue("req-tz-system", "{\"timeZone\":\"Europe/Berlin\"}", FarDeadline).Within();

            // Assert
            var customZone = JsonDocument.Parse(custom.Body).RootElement.GetProperty("timeZone");
            Assert.True(customZone.GetProperty("found").GetBoolean());
            Assert.Equal(540, customZone.GetProperty("utcOffsetMinutesOn20260115").GetInt32());
            var systemZone = JsonDocument.Parse(system.Body).RootElement.GetProperty("timeZone");
            Assert.False(systemZone.GetProperty("found").GetBoolean());
            Assert.Equal("TimeZoneNotFoundException", systemZone.GetProperty("error").GetString());
        }
        finally
        {
            Directory.Delete(customZoneInfo, recursive: true);
        }
    }

    [Fact]
    public async Task Bootstrap_WhenServing_ShouldWriteOnlyJsonLinesWithRequiredFieldsToStdout()
    {
        // Arrange
        await using var api = new FakeRuntimeApi();
        using var bootstrap = new BootstrapProcess(built.BootstrapPath, api.Address, "ping", ShippedTimeZones());

        // Act
        await api.Enqueue("req-log", "{}", FarDeadline).Within();
        await api.Enqueue("req-log-2", "{}", FarDeadline).Within();

        // Assert
        var lines = bootstrap.StdoutLines;
        Assert.NotEmpty(lines);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(entries, entry =>
        {
            foreach (var field in new[] { "timestamp", "level", "message", "service", "handler", "request_id", "cold_start" })
            {
                Assert.True(entry.TryGetProperty(field, out _), $"missing '{field}' in {entry}");
            }

            Assert.Equal("langfuse-lifecycle", entry.GetProperty("service").GetString());
            Assert.Equal("ping", entry.GetProperty("handler").GetString());
        });
        Assert.Contains(entries, e => e.GetProperty("request_id").ValueKind == JsonValueKind.String
            && e.GetProperty("request_id").GetString() == "req-log" && e.GetProperty("cold_start").GetBoolean());
        Assert.Contains(entries, e => e.GetProperty("request_id").ValueKind == JsonValueKind.String
            && e.GetProperty("request_id").GetString() == "req-log-2" && !e.GetProperty("cold_start").GetBoolean());
    }
}
