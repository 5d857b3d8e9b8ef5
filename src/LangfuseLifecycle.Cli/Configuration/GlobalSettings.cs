using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Configuration;

/// <summary>Options every command takes: where the deployment is and how to print.</summary>
public class GlobalSettings : CommandSettings
{
    public const string TextOutput = "text";
    public const string JsonOutput = "json";

    [CommandOption("--stack <NAME>")]
    [Description("The deployed Langfuse Lifecycle stack: cluster, services, file system, schedules and ARNs are read from its outputs and parameters (CloudFormation DescribeStacks).")]
    public string? Stack { get; set; }

    [CommandOption("--region <REGION>")]
    [Description("AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region).")]
    public string? Region { get; set; }

    [CommandOption("--profile <PROFILE>")]
    [Description("Named profile from ~/.aws/config or ~/.aws/credentials (default: AWS_PROFILE, then the default credential chain).")]
    public string? Profile { get; set; }

    [CommandOption("-o|--output <FORMAT>")]
    [Description("text (tables, default) or json (one document on stdout, for scripts).")]
    [DefaultValue(TextOutput)]
    public string Output { get; set; } = TextOutput;

    public bool Json => string.Equals(Output, JsonOutput, StringComparison.OrdinalIgnoreCase);

    public override ValidationResult Validate()
    {
        if (!string.Equals(Output, TextOutput, StringComparison.OrdinalIgnoreCase) && !Json)
        {
            return ValidationResult.Error($"--output '{Output}' is not a format: use --output text or --output json.");
        }

        if (Stack is { } stack && (string.IsNullOrWhiteSpace(stack) || stack.Length > 128))
        {
            return ValidationResult.Error($"--stack '{stack}' is not a stack name: give the name you deployed with sam deploy, e.g. --stack langfuse-lifecycle.");
        }

        if (Region is { } region && (string.IsNullOrWhiteSpace(region) || region.Any(char.IsWhiteSpace)))
        {
            return ValidationResult.Error($"--region '{region}' is not a region: use e.g. --region ap-northeast-1.");
        }

        return ValidationResult.Success();
    }
}
