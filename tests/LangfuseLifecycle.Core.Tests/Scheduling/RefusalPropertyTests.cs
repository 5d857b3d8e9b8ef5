using System.Globalization;
using FsCheck.Xunit;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Core.Tests.TestHelpers;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Core.Tests.Scheduling;

/// <summary>
/// Random operator histories with faults (ClickHouse subnets drifted out of the EFS zone, the file system or the subnets gone,
/// ClickHouse never healthy) and overlapping actions. After every action that failed or was refused the backend is as it was, or —
/// for a wake that failed after its first change — in the documented recoverable state: restore records, keep-awake override and
/// one-time schedules exactly as before, so the next wake or sleep completes from there.
/// </summary>
public sealed class RefusalPropertyTests
{
    private static readonly Uri ClickHouseHealth = new("http://clickhouse:8123/ping");

    [Property(MaxTest = 1000)]
    public bool AnyHistoryWithFaults_WhenAnActionFailsOrIsRefused_ShouldLeaveTheBackendAsFoundOrRecoverable(byte[] operations)
    {
        return Task.Run(() => ReplayAsync(operations)).GetAwaiter().GetResult();
    }

    private static async Task<bool> ReplayAsync(byte[] operations)
    {
        var backend = FakeBackend.Langfuse(2, 1, new CapacityRange(1, 4, new ScalingSuspension(true, false, false)), FakeBackend.SubnetA);
        var time = new TestClock(SchedulingFactory.MondayMorningTokyo);
        var lease = new InMemoryBackendLease();
        var settings = SchedulingFactory.Settings();
        var topology = FakeBackend.Topology(clickHouseHealth: ClickHouseHealth);
        var requestNumber = 0;
        BackendScaler Scaler() => SchedulingFactory.Scaler(backend, time, settings, topology, lease: SchedulingFactory.Lease(lease, time, $"request-{++requestNumber}"));

        foreach (var operation in operations)
        {
            var argument = operation / 16;
            var request = (operation % 16) switch
            {
                0 or 1 => new ScalerRequest("sleep"),
                2 or 3 => new ScalerRequest("wake"),
                4 => new ScalerRequest("wake", ForHours: argument % 12 + 1),
                5 => new ScalerRequest("keep-awake", Until: time.GetUtcNow().AddHours(argument % 24 + 1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                6 => new ScalerRequest("sleep", Force: true),
                _ => null,
            };

            switch (operation % 16)
            {
                case 7:
                    backend[FakeBackend.ClickHouse].Network = backend[FakeBackend.ClickHouse].Network! with { Subnets = [argument % 2 == 0 ? FakeBackend.SubnetC : FakeBackend.SubnetA] };
                    continue;
                case 8:
                    backend.FileSystem = argument % 2 == 0 ? null : FakeBackend.Langfuse().FileSystem;
                    continue;
                case 9:
                    if (argument % 2 == 0)
                    {
                        backend.Subnets.Clear();
                    }
                    else
                    {
                        foreach (var (id, subnet) in FakeBackend.Langfuse().Subnets)
                        {
                            backend.Subnets[id] = subnet;
                        }
                    }

                    continue;
                case 10:
                    // ClickHouse health probes fail: a wake that started ClickHouse runs out of time.
                    backend.UnhealthyProbes[ClickHouseHealth.Host] = argument % 2 == 0 ? int.MaxValue : 0;
                    continue;
                case 11:
                case 12:
                    time.Advance(TimeSpan.FromHours(argument % 30 + 1));
                    foreach (var due in backend.Schedules.Where(schedule => schedule.At <= time.GetUtcNow()).ToList())
                    {
                        backend.Schedules.Remove(due);
                        request = new ScalerRequest(due.Action, Reason: due.Reason);
                        if (!await RunCheckedAsync(backend, Scaler(), request))
                        {
                            return false;
                        }
                    }

                    continue;
                case 13:
                case 14:
                    // Overlap: a second action (another invocation, the CLI, a retry) starts while this one changes the backend.
                    var first = argument % 2 == 0 ? new ScalerRequest("wake") : new ScalerRequest("sleep");
                    var second = argument % 4 < 2 ? new ScalerRequest("sleep") : new ScalerRequest("wake");
                    var overlapped = false;
                    var overlapHeld = true;
                    var secondScaler = Scaler();
                    backend.BeforeCall = call =>
                    {
                        if (!overlapped && (call.StartsWith("UpdateService", StringComparison.Ordinal) || call.StartsWith("Tag", StringComparison.Ordinal)))
                        {
                            overlapped = true;
                            var busy = Record.Exception(() => secondScaler.HandleAsync(second, CancellationToken.None).GetAwaiter().GetResult());
                            overlapHeld = busy is BackendBusyException;
                        }
                    };
                    var ok = await RunCheckedAsync(backend, Scaler(), first);
                    backend.BeforeCall = null;
                    if (!ok || !overlapHeld)
                    {
                        return false;
                    }

                    continue;
                case 15:
                    continue;
            }

            if (!await RunCheckedAsync(backend, Scaler(), request!))
            {
                return false;
            }
        }

        return lease.Held.Count == 0;
    }

    /// <summary>Runs one action; false when it failed and left something it should not have.</summary>
    private static async Task<bool> RunCheckedAsync(FakeBackend backend, BackendScaler scaler, ScalerRequest request)
    {
        var before = State.Of(backend);
        var violationsBefore = backend.Violations.Count;
        using var deadline = new CancellationTokenSource();
        var overlap = backend.BeforeCall;
        // The first failing health probe ends the invocation, as its deadline would: deterministic, however slow the machine.
        backend.BeforeCall = call =>
        {
            overlap?.Invoke(call);
            if (call == $"GET {ClickHouseHealth.Host}" && backend.UnhealthyProbes.GetValueOrDefault(ClickHouseHealth.Host) > 0)
            {
                deadline.Cancel();
            }
        };
        try
        {
            await scaler.HandleAsync(request, deadline.Token);
            return backend.Violations.Count == violationsBefore && RecordsKept(backend);
        }
        catch (BackendWakeTimeoutException)
        {
            // Documented recoverable state: services may have started, but every record, override and schedule is as it was.
            var after = State.Of(backend);
            return after.Records == before.Records && after.KeepAwake == before.KeepAwake && after.Schedules == before.Schedules && backend.Violations.Count == violationsBefore;
        }
        catch (SchedulingException)
        {
            return State.Of(backend) == before && backend.Violations.Count == violationsBefore;
        }
        finally
        {
            backend.BeforeCall = overlap;
        }
    }

    /// <summary>A stopped service always carries the record it needs to wake to its count.</summary>
    private static bool RecordsKept(FakeBackend backend) =>
        backend.Services.Values.All(service => service.Desired > 0 || RestoreRecord.FromTags(service.Tags) is { DesiredCount: > 0 });

    private sealed record State(string Desired, string Records, string KeepAwake, string Capacities, string Schedules, string Networks)
    {
        public static State Of(FakeBackend backend) => new(
            Join(backend.Services.Values.Select(service => $"{service.Name}={service.Desired}")),
            Join(backend.Services.Values.SelectMany(service => RestoreRecord.AllTagKeys.Where(service.Tags.ContainsKey).Select(key => $"{service.Name}:{key}={service.Tags[key]}"))),
            Join(backend.Services.Values.SelectMany(service => KeepAwakeOverride.AllTagKeys.Where(service.Tags.ContainsKey).Select(key => $"{service.Name}:{key}={service.Tags[key]}"))),
            Join(backend.Capacities.Select(pair => $"{pair.Key}={pair.Value}")),
            Join(backend.Schedules.Select(schedule => $"{schedule.Name}@{schedule.At:O}")),
            Join(backend.Services.Values.Select(service => $"{service.Name}={string.Join(',', service.Network?.Subnets ?? [])}")));

        private static string Join(IEnumerable<string> parts) => string.Join(";", parts.Order(StringComparer.Ordinal));
    }
}
