using LangfuseLifecycle.Testing;
using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Runtime;

public sealed class LambdaLoggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 2, 30, 15, 123, TimeSpan.Zero);

    private static (LambdaLogger Logger, MemoryStream Output) CreateLogger(LogLevel minimumLevel = LogLevel.Info)
    {
        var output = new MemoryStream();
        return (new LambdaLogger(output, "scaler", new TestClock(Now), minimumLevel), output);
    }

    private static List<JsonElement> Lines(MemoryStream output)
    {
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    [Fact]
    public void Info_WhenBoundToInvocation_ShouldWriteOneJsonObjectWithTheRequiredFields()
    {
        // Arrange
        var (logger, output) = CreateLogger();
        var invocationLogger = logger.ForInvocation("req-42", isColdStart: true);

        // Act
        invocationLogger.Info("Scaled service down.", "sleep", new LogField("service", "clickhouse"), new LogField("desired_count", 0));

        // Assert
        var line = Assert.Single(Lines(output));
        Assert.Equal("2026-11-29T02:30:15.123Z", line.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", line.GetProperty("level").GetString());
        Assert.Equal("Scaled service down.", line.GetProperty("message").GetString());
        Assert.Equal("req-42", line.GetProperty("request_id").GetString());
        Assert.True(line.GetProperty("cold_start").GetBoolean());
        Assert.Equal("scaler", line.GetProperty("handler").GetString());
        Assert.Equal("langfuse-lifecycle", line.GetProperty("service").GetString());
        Assert.Equal("sleep", line.GetProperty("action").GetString());
        Assert.Equal("clickhouse", line.GetProperty("field_service").GetString());
        Assert.Equal(0, line.GetProperty("desired_count").GetInt32());
    }

    [Fact]
    public void Info_WhenOutsideAnInvocation_ShouldWriteNullRequestIdAndOmitAction()
    {
        // Arrange
        var (logger, output) = CreateLogger();

        // Act
        logger.Info("Bootstrap initialized.");

        // Assert
        var line = Assert.Single(Lines(output));
        Assert.Equal(JsonValueKind.Null, line.GetProperty("request_id").ValueKind);
        Assert.False(line.TryGetProperty("action", out _));
    }

    [Fact]
    public void Log_WhenBelowMinimumLevel_ShouldWriteNothing()
    {
        // Arrange
        var (logger, output) = CreateLogger(LogLevel.Warn);

        // Act
        logger.Info("not shown");
        logger.Debug("not shown either");
        logger.Warn("shown");

        // Assert
        var line = Assert.Single(Lines(output));
        Assert.Equal("WARN", line.GetProperty("level").GetString());
    }

    [Fact]
    public void Error_WhenExceptionGiven_ShouldWriteItsTypeMessageAndStack()
    {
        // Arrange
        var (logger, output) = CreateLogger();
        Exception thrown;
        try
        {
            throw new ScalingTargetUnavailableTestException("no target");
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        // Act
        logger.ForInvocation("req-1", false).Error("Scaling failed.", thrown, "wake");

        // Assert
        var line = Assert.Single(Lines(output));
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        Assert.Equal(nameof(ScalingTargetUnavailableTestException), line.GetProperty("error_type").GetString());
        Assert.Equal("no target", line.GetProperty("error_message").GetString());
        Assert.Contains(nameof(Error_WhenExceptionGiven_ShouldWriteItsTypeMessageAndStack), line.GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
        Assert.False(line.GetProperty("cold_start").GetBoolean());
    }

    [Fact]
    public void Info_WhenMessageAndFieldsHoldNewlinesQuotesAndVariousTypes_ShouldStayOneValidLine()
    {
        // Arrange
        var (logger, output) = CreateLogger();

        // Act
        logger.Info(
            "line one\nline \"two\"",
            fields:
            [
                new LogField("flag", true),
                new LogField("ratio", 0.5),
                new LogField("at", Now),
                new LogField("waited", TimeSpan.FromSeconds(1.5)),
                new LogField("level_enum", LogLevel.Warn),
                new LogField("subnets", new[] { "subnet-a", "subnet-b" }),
                new LogField("nothing", null),
            ]);

        // Assert
        var line = Assert.Single(Lines(output));
        Assert.Equal("line one\nline \"two\"", line.GetProperty("message").GetString());
        Assert.True(line.GetProperty("flag").GetBoolean());
        Assert.Equal(0.5, line.GetProperty("ratio").GetDouble());
        Assert.Equal(Now, line.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(1500, line.GetProperty("waited").GetDouble());
        Assert.Equal("Warn", line.GetProperty("level_enum").GetString());
        Assert.Equal(["subnet-a", "subnet-b"], line.GetProperty("subnets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, line.GetProperty("nothing").ValueKind);
    }

    [Fact]
    public async Task Info_WhenCalledConcurrently_ShouldNeverInterleaveLines()
    {
        // Arrange
        var (logger, output) = CreateLogger();

        // Act
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var bound = logger.ForInvocation($"req-{worker}", false);
            for (var i = 0; i < 200; i++)
            {
                bound.Info($"message {i} from {worker}", fields: new LogField("i", i));
            }
        })));

        // Assert
        var lines = Lines(output);
        Assert.Equal(1600, lines.Count);
        Assert.All(lines, line => Assert.StartsWith("message ", line.GetProperty("message").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, LogLevel.Info)]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("TRACE", LogLevel.Trace)]
    [InlineData("WARN", LogLevel.Warn)]
    [InlineData("ERROR", LogLevel.Error)]
    [InlineData("FATAL", LogLevel.Fatal)]
    [InlineData("verbose", LogLevel.Info)]
    public void ParseLevel_WhenGivenLambdaLogLevel_ShouldMapIt(string? value, LogLevel expected)
    {
        // Arrange / Act
        var level = LambdaLogger.ParseLevel(value);

        // Assert
        Assert.Equal(expected, level);
    }
}
