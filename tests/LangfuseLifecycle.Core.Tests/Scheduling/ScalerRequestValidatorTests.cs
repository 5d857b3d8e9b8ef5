using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Tests.TestHelpers;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class ScalerRequestValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 20, 12, 0, 0, TimeSpan.Zero);

    private static InvalidScalerRequestException Invalid(ScalerRequest request, string timeZone = "Asia/Tokyo") =>
        Assert.Throws<InvalidScalerRequestException>(() => ScalerRequestValidator.Validate(request, SchedulingFactory.Settings(timeZone), Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hibernate")]
    public void Validate_WhenActionMissingOrUnknown_ShouldNameActionAndListTheValidOnes(string? action)
    {
        // Arrange
        var request = new ScalerRequest(action);

        // Act
        var exception = Invalid(request);

        // Assert
        Assert.Equal("action", exception.Field);
        Assert.Contains("status", exception.Message);
        Assert.Contains("keep-awake", exception.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(169)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_WhenForHoursOutOfRange_ShouldNameForHoursAndTheLimit(double hours)
    {
        // Arrange
        var request = new ScalerRequest("wake", ForHours: hours);

        // Act
        var exception = Invalid(request);

        // Assert
        Assert.Equal("forHours", exception.Field);
        Assert.Contains("at most 168", exception.Message);
    }

    [Fact]
    public void Validate_WhenForHoursWithSleep_ShouldExplainItBelongsToWake()
    {
        // Arrange
        var request = new ScalerRequest("sleep", ForHours: 2);

        // Act
        var exception = Invalid(request);

        // Assert
        Assert.Equal("forHours", exception.Field);
        Assert.Contains("only valid with action 'wake'", exception.Message);
    }

    [Fact]
    public void Validate_WhenForHoursFractional_ShouldRoundUpToWholeMinutes()
    {
        // Arrange
        var request = new ScalerRequest("wake", ForHours: 0.501);

        // Act
        var command = ScalerRequestValidator.Validate(request, SchedulingFactory.Settings(), Now);

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(31), command.ForHours);
        Assert.Equal(ScalerAction.Wake, command.Action);
    }

    [Fact]
    public void Validate_WhenKeepAwakeWithoutUntil_ShouldAskForUntil()
    {
        // Act
        var exception = Invalid(new ScalerRequest("keep-awake"));

        // Assert
        Assert.Equal("until", exception.Field);
        Assert.Contains("is missing", exception.Message);
    }

    [Theory]
    [InlineData("tomorrow evening", "is not a date-time")]
    [InlineData("2026-03-20T10:00:00Z", "is in the past")]
    [InlineData("2026-06-01T10:00:00Z", "days away")]
    public void Validate_WhenUntilInvalid_ShouldNameUntilAndTheProblem(string until, string problem)
    {
        // Act
        var exception = Invalid(new ScalerRequest("keep-awake", Until: until));

        // Assert
        Assert.Equal("until", exception.Field);
        Assert.Contains(problem, exception.Message);
    }

    [Fact]
    public void Validate_WhenUntilHasNoOffset_ShouldReadItInTheScheduleTimeZone()
    {
        // Act
        var command = ScalerRequestValidator.Validate(new ScalerRequest("keep-awake", Until: "2026-03-21T22:00"), SchedulingFactory.Settings("Asia/Tokyo"), Now);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 3, 21, 13, 0, 0, TimeSpan.Zero), command.Until);
    }

    [Fact]
    public void Validate_WhenUntilFallsInTheSpringForwardGap_ShouldRefuseIt()
    {
        // Arrange: Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29.
        var request = new ScalerRequest("keep-awake", Until: "2026-03-29T02:30");

        // Act
        var exception = Invalid(request, "Europe/Berlin");

        // Assert
        Assert.Contains("daylight saving gap", exception.Message);
    }

    [Fact]
    public void Validate_WhenUntilIsAmbiguousAtFallBack_ShouldPickTheLaterInstant()
    {
        // Arrange: America/New_York repeats 01:00-02:00 on 2026-11-01 (EDT -4, then EST -5).
        var now = new DateTimeOffset(2026, 10, 30, 12, 0, 0, TimeSpan.Zero);

        // Act
        var command = ScalerRequestValidator.Validate(new ScalerRequest("keep-awake", Until: "2026-11-01T01:30"), SchedulingFactory.Settings("America/New_York"), now);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), command.Until);
    }

    [Fact]
    public void Validate_WhenUntilWithSleep_ShouldPointToKeepAwake()
    {
        // Act
        var exception = Invalid(new ScalerRequest("sleep", Until: "2026-03-21T22:00"));

        // Assert
        Assert.Equal("until", exception.Field);
        Assert.Contains("keep-awake", exception.Message);
    }

    [Fact]
    public void Validate_WhenReasonTooLong_ShouldNameReason()
    {
        // Act
        var exception = Invalid(new ScalerRequest("sleep", Reason: new string('x', 201)));

        // Assert
        Assert.Equal("reason", exception.Field);
    }

    [Fact]
    public void Validate_WhenOnlyActionGiven_ShouldDefaultTheRest()
    {
        // Act
        var command = ScalerRequestValidator.Validate(new ScalerRequest(" Sleep "), SchedulingFactory.Settings(), Now);

        // Assert
        Assert.Equal(new ScalerCommand(ScalerAction.Sleep, false, null, null, null, false), command);
    }

    [Theory]
    [InlineData("said \"now\"")]
    [InlineData("back\\slash")]
    [InlineData("two\nlines")]
    public void Validate_WhenReasonWouldBreakNotificationText_ShouldNameReasonAndTheFix(string reason)
    {
        // Act
        var exception = Invalid(new ScalerRequest("wake", Reason: reason));

        // Assert
        Assert.Equal("reason", exception.Field);
        Assert.Contains("single quotes", exception.Message);
    }

    [Fact]
    public void Validate_WhenReasonUsesSingleQuotesAndUnicode_ShouldAcceptIt()
    {
        // Act
        var command = ScalerRequestValidator.Validate(new ScalerRequest("wake", Reason: "demo for 'sales' – 営業"), SchedulingFactory.Settings(), Now);

        // Assert
        Assert.Equal("demo for 'sales' – 営業", command.Reason);
    }
}
