using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class ErrorSummaryTests
{
    [Fact]
    public void From_WhenMessageCarriesAFix_ShouldSplitItAndKeepQuotesOutOfTheText()
    {
        // Arrange
        var exception = new InvalidScalerRequestException("forHours", "is only valid with action 'wake', not 'sleep'", "remove forHours or use {\"action\":\"wake\",\"forHours\":N}");

        // Act
        var error = ErrorSummary.From(exception);

        // Assert
        Assert.Equal("InvalidScalerRequestException", error.Type);
        Assert.Equal("Invalid scaler request: 'forHours' is only valid with action 'wake', not 'sleep'.", error.Message);
        Assert.Equal("remove forHours or use {'action':'wake','forHours':N}", error.Fix);
        Assert.True(NotificationText.IsSafe(error.Message + error.Fix));
    }

    [Fact]
    public void From_WhenMessageHasNoFix_ShouldKeepTheWholeMessageAndPointAtTheLog()
    {
        // Act
        var error = ErrorSummary.From(new BackendWakeTimeoutException("clickhouse-health", "GET http://clickhouse:8123/ping answered 503", TimeSpan.FromSeconds(600)));

        // Assert
        Assert.Equal("BackendWakeTimeoutException", error.Type);
        Assert.Equal("Wake timed out at stage 'clickhouse-health' after 600 s: GET http://clickhouse:8123/ping answered 503", error.Message);
        Assert.Equal(ErrorSummary.NoFixGiven, error.Fix);
    }
}
