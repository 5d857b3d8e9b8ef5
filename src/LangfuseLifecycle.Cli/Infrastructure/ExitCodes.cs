namespace LangfuseLifecycle.Cli.Infrastructure;

/// <summary>The documented exit codes (docs/cli.md). Scripts branch on these, so they never change meaning.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (a skipped scheduled action with its reason also counts as done).</summary>
    public const int Ok = 0;

    /// <summary>AWS refused or failed, a wait timed out, a migration execution failed or was aborted.</summary>
    public const int ActionFailed = 1;

    /// <summary>Unknown command or flag, a malformed value, or a setting that is missing: nothing was changed.</summary>
    public const int BadUsage = 2;
}
