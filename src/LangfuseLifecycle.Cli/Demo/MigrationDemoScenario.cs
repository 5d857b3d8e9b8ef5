namespace LangfuseLifecycle.Cli.Demo;

/// <summary>One migration the demo runs: a happy path, or one whose App Runner web switch fails (the App Runner
/// emulator ends the UpdateService operation ROLLBACK_SUCCEEDED) so the state machine's own rollback runs.</summary>
/// <param name="InputJson">The execution input; <c>{}</c> is what the console's "Start execution" sends.</param>
public sealed record MigrationDemoScenario(string Title, string ExecutionName, bool FailWebSwitch, string InputJson = "{}")
{
    public static MigrationDemoScenario Migrate(DateTimeOffset now) =>
        new("a full migration, started with {} like from the console", $"demo-migrate-{now:HHmmss}", FailWebSwitch: false);

    public static MigrationDemoScenario WebSwitchFails(DateTimeOffset now) =>
        new("the web switch fails: automatic rollback to v2", $"demo-rollback-{now:HHmmss}", FailWebSwitch: true);
}
