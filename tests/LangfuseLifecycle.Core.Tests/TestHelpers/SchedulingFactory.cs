using LangfuseLifecycle.Testing;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Tests.TestHelpers;

public static class SchedulingFactory
{
    public static readonly DateTimeOffset MondayMorningTokyo = new(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(9));

    public static ScalerSettings Settings(string timeZone = "Asia/Tokyo", string? holidays = null) =>
        ScalerSettings.Create(timeZone, holidays, WaitSettings.NoDelay);

    public static SleepBackend Sleep(FakeBackend backend, TimeProvider? time = null, BackendTopology? topology = null, WaitSettings? wait = null) =>
        new(topology ?? FakeBackend.Topology(), Ports(backend, time ?? new TestClock(MondayMorningTokyo)), wait ?? WaitSettings.NoDelay);

    public static WakeBackend Wake(FakeBackend backend, TimeProvider? time = null, BackendTopology? topology = null, bool withTaskDefinitions = false, WaitSettings? wait = null) =>
        new(topology ?? FakeBackend.Topology(), Ports(backend, time ?? new TestClock(MondayMorningTokyo), withTaskDefinitions), wait ?? WaitSettings.NoDelay);

    public static BackendScaler Scaler(
        FakeBackend backend, TimeProvider time, ScalerSettings? settings = null, BackendTopology? topology = null, bool withSchedules = true, BackendLeaseGuard? lease = null) =>
        new(topology ?? FakeBackend.Topology(), settings ?? Settings(), Ports(backend, time) with { Schedules = withSchedules ? backend : null }, backend, lease);

    /// <summary>Every port on the fake backend; task definitions only when asked (the scaler's wakes run without them).</summary>
    public static SchedulingPorts Ports(FakeBackend backend, TimeProvider time, bool withTaskDefinitions = false) =>
        new(backend, backend, backend, backend, backend, time, withTaskDefinitions ? backend : null);

    /// <summary>A guard on <paramref name="lease"/> that refuses at once when the lease is held.</summary>
    public static BackendLeaseGuard Lease(InMemoryBackendLease lease, TimeProvider time, string holderId = "request-1") =>
        new(lease, time, LeaseSettings.NoWait, holderId);
}
