using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>
/// The migration's step functions as template.yaml declares them (logical id, Handler, Timeout); the state machine's
/// <c>${&lt;LogicalId&gt;Arn}</c> substitutions name them. A test compares this list with the template.
/// </summary>
public static class MigrationStackFunctions
{
    public const string StackName = "langfuse-lifecycle";

    public static IReadOnlyList<(string LogicalId, string Handler, int TimeoutSeconds)> Definitions { get; } =
    [
        ("MigrationPreflightFunction", "migration-preflight", 60),
        ("MigrationSnapshotFunction", "migration-snapshot", 60),
        ("MigrationWakeBackendFunction", "migration-wake-backend", 900),
        ("MigrationBackendStatusFunction", "migration-backend-status", 60),
        ("MigrationProbeBackendFunction", "migration-probe-backend", 60),
        ("MigrationSleepBackendFunction", "migration-sleep-backend", 900),
        ("MigrationSwitchWebFunction", "migration-switch-web", 60),
        ("MigrationWebOperationStatusFunction", "migration-web-operation-status", 60),
        ("MigrationProbeWebFunction", "migration-probe-web", 60),
        ("MigrationRollbackWebFunction", "migration-rollback-web", 60),
        ("MigrationEnableBackgroundMigrationsFunction", "migration-enable-background-migrations", 900),
        ("MigrationReportFunction", "migration-report", 30),
    ];

    /// <summary>The deployed name, as SAM would make it unique within the stack.</summary>
    public static string FunctionName(string logicalId) => $"{StackName}-{logicalId}";

    /// <summary>Each function with the environment Lambda gives it (region, credentials, its own name and handler)
    /// plus the endpoints that point the AWS SDK-like clients at the emulators. The template sets no other variable on
    /// these functions except TZDIR, which they do not use.</summary>
    public static IReadOnlyList<LocalLambdaFunction> Create(Uri awsEndpoint, Uri appRunnerEndpoint, Uri iamEndpoint) =>
        [.. Definitions.Select(definition => new LocalLambdaFunction(
            FunctionName(definition.LogicalId),
            definition.Handler,
            TimeSpan.FromSeconds(definition.TimeoutSeconds),
            new Dictionary<string, string>(MotoServer.CreateClientEnvironment(awsEndpoint), StringComparer.Ordinal)
            {
                ["AWS_DEFAULT_REGION"] = MotoServer.Region,
                ["AWS_LAMBDA_FUNCTION_NAME"] = FunctionName(definition.LogicalId),
                ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
                ["_HANDLER"] = definition.Handler,
                ["AWS_ENDPOINT_URL_APPRUNNER"] = appRunnerEndpoint.GetLeftPart(UriPartial.Authority),
                ["AWS_ENDPOINT_URL_IAM"] = iamEndpoint.GetLeftPart(UriPartial.Authority),
            }))];
}
