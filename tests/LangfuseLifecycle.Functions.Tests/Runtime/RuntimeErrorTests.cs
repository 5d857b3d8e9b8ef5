using System.Text.Json;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Runtime;

public sealed class RuntimeErrorTests
{
    [Fact]
    public void FromException_WhenAggregateWrapsOneException_ShouldReportTheInnerClassName()
    {
        // Arrange
        var aggregate = new AggregateException(new ScalingTargetUnavailableTestException("inner"));

        // Act
        var error = RuntimeError.FromException(aggregate);

        // Assert
        Assert.Equal(nameof(ScalingTargetUnavailableTestException), error.ErrorType);
        Assert.Equal("inner", error.ErrorMessage);
    }

    [Fact]
    public void ToJsonBytes_WhenSerialized_ShouldMatchTheRuntimeApiErrorShape()
    {
        // Arrange
        var error = new RuntimeError("HandlerDeadlineExceededException", "too slow \"really\"", ["at A.B()", "at C.D()"]);

        // Act
        using var json = JsonDocument.Parse(error.ToJsonBytes());

        // Assert
        Assert.Equal("HandlerDeadlineExceededException", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("too slow \"really\"", json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(["at A.B()", "at C.D()"], json.RootElement.GetProperty("stackTrace").EnumerateArray().Select(e => e.GetString()));
    }
}
