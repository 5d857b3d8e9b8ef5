using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Rendering;
using LangfuseLifecycle.Cli.Contracts;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Migration;

/// <summary>Shared by <c>migrate start</c> and <c>migrate status</c>: resolve the state machine, follow, report, exit code.</summary>
public abstract class MigrationCommandBase<TSettings>(CliContext context) : AsyncCommand<TSettings>
    where TSettings : MigrateCommandSettings
{
    protected CliContext Context { get; } = context;

    protected static string StateMachineArn(Deployment deployment, MigrateCommandSettings settings) =>
        deployment.Require(DeploymentSetting.MigrationStateMachineArn, settings.StateMachine, "--state-machine <ARN>", "migration state machine");

    protected async Task<int> FollowAndReportAsync(IAmazonStepFunctions stepFunctions, string executionArn, TSettings settings, CancellationToken cancellationToken)
    {
        var follower = new MigrationFollower(stepFunctions, Context, printLive: !settings.Json);
        var report = await follower.FollowAsync(executionArn, !settings.NoFollow, TimeSpan.FromSeconds(settings.PollSeconds), cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            JsonOutput.Write(Context, report, json => json.MigrationReport);
        }
        else
        {
            MigrationRenderer.Render(Context.Console, report);
        }

        return report.Status is "SUCCEEDED" or "RUNNING" ? ExitCodes.Ok : ExitCodes.ActionFailed;
    }
}
