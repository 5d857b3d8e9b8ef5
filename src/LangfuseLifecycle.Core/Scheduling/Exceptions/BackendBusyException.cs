using System.Globalization;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>Another lifecycle action holds the backend's lease: this one changed nothing. Step Functions error name <c>BackendBusyException</c>.</summary>
public sealed class BackendBusyException(string backendKey, string action, LeaseHolder holder, TimeSpan waited)
    : SchedulingException(
        $"Backend {backendKey} is busy: '{holder.Action}' started at {Format(holder.StartedAt)} by {holder.HolderId} holds its lease "
        + $"(expires {Format(holder.ExpiresAt)}), so '{action}' was refused after waiting {waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s and changed nothing. "
        + "Fix: let that action finish, then run this one again; a holder that crashed releases the lease when it expires.")
{
    public string BackendKey { get; } = backendKey;

    public string Action { get; } = action;

    public LeaseHolder Holder { get; } = holder;

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
