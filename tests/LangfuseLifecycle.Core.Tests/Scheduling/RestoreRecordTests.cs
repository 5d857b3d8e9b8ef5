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
        var desired = RestoreRecordRule.DesiredForWake(record, current, 1);

        // Assert
        Assert.Equal(expected, desired);
    }

    [Fact]
    public void CapacityForWake_WhenRecordedMinimumAboveRestoredCount_ShouldWidenToContainTheCount()
    {
        // Act
        var capacity = RestoreRecordRule.CapacityForWake(new RestoreRecord(1, new CapacityRange(2, 4), Earlier), new CapacityRange(0, 4), 1);

        // Assert
        Assert.Equal(new CapacityRange(1, 4), capacity);
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
