using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class RestoreRecordTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 27, 11, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToTags_WhenReadBack_ShouldRoundTrip()
    {
        // Arrange
        var record = new RestoreRecord(3, new CapacityRange(1, 6), Earlier);

        // Act
        var read = RestoreRecord.FromTags(record.ToTags());

        // Assert
        Assert.Equal(record, read);
    }

    [Theory]
    [InlineData("two")]
    [InlineData("-1")]
    [InlineData("")]
    public void FromTags_WhenCountUnreadable_ShouldReturnNull(string value)
    {
        // Act
        var record = RestoreRecord.FromTags(new Dictionary<string, string> { [RestoreRecord.DesiredCountTag] = value });

        // Assert
        Assert.Null(record);
    }

    [Fact]
    public void ForSleep_WhenAlreadyAsleepWithRecord_ShouldKeepTheRecord()
    {
        // Arrange
        var existing = new RestoreRecord(2, new CapacityRange(1, 4), Earlier);

        // Act
        var record = RestoreRecordRule.ForSleep(existing, 0, new CapacityRange(0, 4), Now, 1);

        // Assert
        Assert.Same(existing, record);
    }

    [Fact]
    public void ForSleep_WhenPreviousSleepStoppedAfterLoweringTheMinimum_ShouldKeepTheOriginalMinimum()
    {
        // Arrange: record written, minimum lowered to 0, then the invocation died before desired 0.
        var existing = new RestoreRecord(2, new CapacityRange(1, 4), Earlier);

        // Act
        var record = RestoreRecordRule.ForSleep(existing, 2, new CapacityRange(0, 4), Now, 1);

        // Assert
        Assert.Same(existing, record);
    }

    [Fact]
    public void ForSleep_WhenStoppedByHandWithoutRecordButMinimumAboveZero_ShouldRecordTheMinimum()
    {
        // Act
        var record = RestoreRecordRule.ForSleep(null, 0, new CapacityRange(2, 5), Now, 1);

        // Assert
        Assert.Equal(new RestoreRecord(2, new CapacityRange(2, 5), Now), record);
    }

    [Fact]
    public void ForSleep_WhenStoppedByHandWithoutTarget_ShouldRecordNothing()
    {
        // Act
        var record = RestoreRecordRule.ForSleep(null, 0, null, Now, 1);

        // Assert
        Assert.Null(record);
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(0, 0, 1)]
    [InlineData(0, 2, 2)]
    public void DesiredForWake_WhenRecordOrCurrentOrNeither_ShouldPickInThatOrder(int recorded, int current, int expected)
    {
        // Arrange
        var record = recorded > 0 ? new RestoreRecord(recorded, null, Earlier) : null;

        // Act
        var desired = RestoreRecordRule.DesiredForWake(record, current, 1, null);

        // Assert
        Assert.Equal(expected, desired);
    }

    [Fact]
    public void CapacityForWake_WhenRecordedMinimumAboveRestoredCount_ShouldRestoreTheMinimumAndRaiseTheCount()
    {
        // Arrange
        var record = new RestoreRecord(1, new CapacityRange(2, 4), Earlier);

        // Act
        var capacity = RestoreRecordRule.CapacityForWake(record, new CapacityRange(0, 4));
        var desired = RestoreRecordRule.DesiredForWake(record, 0, 1, capacity);

        // Assert
        Assert.Equal(new CapacityRange(2, 4), capacity);
        Assert.Equal(2, desired);
    }

    [Theory]
    [InlineData(1, 2, 3, 2)]
    [InlineData(3, 2, 3, 3)]
    [InlineData(5, 2, 3, 3)]
    [InlineData(1, 0, 4, 1)]
    public void DesiredForWake_WhenNoRecordAndStopped_ShouldWakeToDefaultOrMinimumWithinTheRange(int defaultCount, int minimum, int maximum, int expected)
    {
        // Act
        var desired = RestoreRecordRule.DesiredForWake(null, 0, defaultCount, new CapacityRange(minimum, maximum));

        // Assert
        Assert.Equal(expected, desired);
    }

    [Fact]
    public void CapacityForWake_WhenUserRaisedMinimumOrLoweredMaximumWhileAsleep_ShouldKeepTheirValues()
    {
        // Arrange: recorded (1, 4) at sleep; while asleep the user set (2, 3).
        var record = new RestoreRecord(2, new CapacityRange(1, 4), Earlier);

        // Act
        var capacity = RestoreRecordRule.CapacityForWake(record, new CapacityRange(2, 3, ScalingSuspension.ForSleep(null)));

        // Assert
        Assert.Equal(new CapacityRange(2, 3), capacity);
    }

    [Fact]
    public void CapacityForWake_WhenRecordHoldsSuspensionBeforeSleep_ShouldRestoreIt()
    {
        // Arrange
        var before = new ScalingSuspension(true, false, false);
        var record = new RestoreRecord(2, new CapacityRange(1, 4, before), Earlier);

        // Act
        var capacity = RestoreRecordRule.CapacityForWake(record, new CapacityRange(0, 4, ScalingSuspension.ForSleep(before)));

        // Assert
        Assert.Equal(new CapacityRange(1, 4, before), capacity);
    }

    [Fact]
    public void FromTags_WhenRecordWrittenWithSuspension_ShouldRoundTrip()
    {
        // Arrange
        var record = new RestoreRecord(3, new CapacityRange(1, 4, new ScalingSuspension(false, true, true)), Earlier);

        // Act
        var read = RestoreRecord.FromTags(record.ToTags());

        // Assert
        Assert.Equal(record, read);
        Assert.Equal("dynamic-out,scheduled", record.ToTags()[RestoreRecord.SuspendedTag]);
    }

    [Fact]
    public void ToTagValue_WhenReasonHasCharactersTagsReject_ShouldReplaceThem()
    {
        // Act
        var value = KeepAwakeOverride.ToTagValue("demo (customer #42); don't stop!");

        // Assert
        Assert.Equal("demo  customer  42   don t stop", value);
    }
}
