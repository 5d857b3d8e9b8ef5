using System.Globalization;

namespace LangfuseLifecycle.Cli.Exceptions;

/// <summary>The demo stopped on a cancellation: says who cancelled (the caller's token, or a budget inside the demo), during
/// which part and phase, and how long after the demo started, instead of a bare "A task was canceled.".</summary>
public sealed class DemoCancelledException(string cancelledBy, string during, TimeSpan after, Exception inner, CancellationToken token)
    : OperationCanceledException(
        string.Create(CultureInfo.InvariantCulture, $"cancelled by {cancelledBy} during {during} after {after.TotalSeconds:0} s. ")
        + (cancelledBy == Caller
            ? "Fix: give the demo more time (it needs about 15 s on an idle machine, minutes on a crowded one), or find what held it up in the lines above."
            : $"Fix: see what held up {during} in the lines above ({inner.GetType().Name}: {inner.Message})."),
        inner,
        token)
{
    public const string Caller = "the caller";

    public string CancelledBy { get; } = cancelledBy;

    public string During { get; } = during;

    public TimeSpan After { get; } = after;

    /// <summary>Who cancelled: <see cref="Caller"/> when the caller's token fired, otherwise the budget inside that did.</summary>
    public static string WhoCancelled(OperationCanceledException exception, CancellationToken callerToken) =>
        callerToken.IsCancellationRequested ? Caller : $"a budget inside the demo ({exception.GetType().Name})";
}
