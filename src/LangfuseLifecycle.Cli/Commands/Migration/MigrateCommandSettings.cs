using System.ComponentModel;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Functions;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands.Migration;

public class MigrateCommandSettings : GlobalSettings
{
    [CommandOption("--state-machine <ARN>")]
    [Description("MigrationStateMachine ARN (default: the stack's MigrationStateMachineArn output; env MIGRATION_STATE_MACHINE_ARN).")]
    public string? StateMachine { get; set; }

    [CommandOption("--no-follow")]
    [Description("Print the current state once instead of following the execution until it ends.")]
    public bool NoFollow { get; set; }

    [CommandOption("--poll-seconds <SECONDS>")]
    [Description("Seconds between polls while following.")]
    [DefaultValue(5)]
    public int PollSeconds { get; set; } = 5;

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        if (PollSeconds is < 0 or > 300)
        {
            return ValidationResult.Error($"--poll-seconds {PollSeconds} is out of range: use 0 to 300.");
        }

        if (StateMachine is { } arn && !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ValidationResult.Error($"--state-machine '{arn}' is not an ARN: use arn:aws:states:<region>:<account>:stateMachine:<name>, or --stack.");
        }

        return ValidationResult.Success();
    }
}

public sealed class MigrateStartSettings : MigrateCommandSettings
{
    [CommandOption("--dry-run")]
    [Description("Run the preflight only: the execution stops with the plan and changes nothing.")]
    public bool DryRun { get; set; }

    [CommandOption("--name <NAME>")]
    [Description("Execution name (also names the snapshot langfuse-pre-v3-<name>). Default: cli-<UTC timestamp>.")]
    public string? Name { get; set; }

    private static readonly IReadOnlyList<string> InputMembers = StrictJsonMembers.Of(MigrationJsonContext.Default.MigrationSettings);

    [CommandOption("--input <JSON>")]
    [Description("Execution input overriding stack settings, e.g. '{\"v3WebImage\":\"langfuse/langfuse:3.29\"}'.")]
    public string? Input { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        if (Name is { } name && (name.Length is 0 or > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || !char.IsAsciiLetter(name[0]) || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal)))
        {
            return ValidationResult.Error($"--name '{name}' cannot name the execution and its snapshot: use 1-63 letters, digits and single hyphens, starting with a letter, e.g. --name v3-cutover.");
        }

        if (Input is { } input)
        {
            try
            {
                if (System.Text.Json.Nodes.JsonNode.Parse(input) is not System.Text.Json.Nodes.JsonObject)
                {
                    return ValidationResult.Error("--input must be a JSON object, e.g. --input '{\"dryRun\":true}'.");
                }

                // The same strictness as the preflight, checked before the execution starts: Step Functions would keep only the
                // last of two repeated keys, and a misspelled name would only fail the execution it had already started.
                if (StrictJsonMembers.FindProblem(System.Text.Encoding.UTF8.GetBytes(input), InputMembers) is { } problem)
                {
                    return ValidationResult.Error($"--input: '{problem.Member}' {problem.Problem}. Use only the migration settings, each once and spelled exactly: {problem.Known}.");
                }
            }
            catch (System.Text.Json.JsonException exception)
            {
                return ValidationResult.Error($"--input is not valid JSON ({exception.Message}): pass a JSON object, e.g. --input '{{\"dryRun\":true}}'.");
            }
        }

        return ValidationResult.Success();
    }
}

public sealed class MigrateStatusSettings : MigrateCommandSettings
{
    [CommandArgument(0, "[EXECUTION]")]
    [Description("Execution ARN or name (default: the newest execution of the state machine).")]
    public string? Execution { get; set; }
}
