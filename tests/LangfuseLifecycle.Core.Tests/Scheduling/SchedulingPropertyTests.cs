using LangfuseLifecycle.Testing;
using System.Globalization;
using FsCheck.Xunit;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Tests.TestHelpers;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

public sealed class SchedulingPropertyTests
{
    /// <summary>Random operator and calendar histories: scheduled sleeps and wakes, wake-for-hours (whose one-time sleep fires when its time comes),
    /// keep-awake, forced sleeps, hand scaling, time passing, on a ClickHouse whose subnets may have drifted out of its EFS AZ.</summary>
    [Property(MaxTest = 300)]
    public bool AnyHistory_WhenReplayed_ShouldNeverLoseCountsOrBreakClickHouseSafety(byte[] operations, bool drifted)
    {
        return Task.Run(() => ReplayAsync(operations, drifted)).GetAwaiter().GetResult();
    }

    private static async Task<bool> ReplayAsync(byte[] operations, bool drifted)
    {
        var backend = drifted
            ? FakeBackend.Langfuse(2, 1, null, FakeBackend.SubnetC, FakeBackend.SubnetA)
            : FakeBackend.Langfuse(2, 1, null, FakeBackend.SubnetA);
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        var scaler = SchedulingFactory.Scaler(backend, time);
        var expectedWorkers = 2;
        backend.Violations.Clear();

        foreach (var operation in operations)
        {
            var argument = operation / 8;
            ScalerSummary? summary = null;
            switch (operation % 8)
            {
                case 0:
                    summary = await scaler.HandleAsync(new ScalerRequest("sleep"), CancellationToken.None);
                    break;
                case 1:
                    summary = await scaler.HandleAsync(new ScalerRequest("wake"), CancellationToken.None);
                    break;
                case 2:
                    summary = await scaler.HandleAsync(new ScalerRequest("wake", ForHours: argument % 24 + 1), CancellationToken.None);
                    break;
                case 3:
                    var until = time.GetUtcNow().AddHours(argument % 48 + 1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                    summary = await scaler.HandleAsync(new ScalerRequest("keep-awake", Until: until), CancellationToken.None);
                    break;
                case 4:
                case 5:
                    time.Advance(TimeSpan.FromHours(argument % 30 + 1));
                    foreach (var due in backend.Schedules.Where(schedule => schedule.At <= time.GetUtcNow()).ToList())
                    {
                        backend.Schedules.Remove(due);
                        await scaler.HandleAsync(new ScalerRequest(due.Action, Reason: due.Reason), CancellationToken.None);
                    }

                    break;
                case 6:
                    await scaler.HandleAsync(new ScalerRequest("sleep", Force: true), CancellationToken.None);
                    break;
                default:
                    if (backend[FakeBackend.Worker].Desired > 0)
                    {
                        expectedWorkers = argument % 4 + 1;
                        backend[FakeBackend.Worker].Desired = expectedWorkers;
                        backend[FakeBackend.Worker].Running = expectedWorkers;
                    }

                    break;
            }

            var worker = backend[FakeBackend.Worker];
            var clickHouse = backend[FakeBackend.ClickHouse];
            var workerRecord = RestoreRecord.FromTags(worker.Tags);
            var countKept = worker.Desired > 0 ? worker.Desired == expectedWorkers : workerRecord?.DesiredCount == expectedWorkers;
            var wokeToRecordedCount = summary is not { Action: "wake" or "keep-awake", Outcome: ScalerOutcome.Completed } || worker.Desired == expectedWorkers;
            var clickHouseRecordKept = clickHouse.Desired == 1 || RestoreRecord.FromTags(clickHouse.Tags)?.DesiredCount == 1;
            if (!countKept || !wokeToRecordedCount || !clickHouseRecordKept || backend.Violations.Count > 0 || backend.MaxClickHouseTasksSeen > 1)
            {
                return false;
            }
        }

        return true;
    }
}
