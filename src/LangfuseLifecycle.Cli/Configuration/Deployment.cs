using LangfuseLifecycle.Aws.CloudFormation;
using LangfuseLifecycle.Aws.CloudFormation.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Cli.Infrastructure;

namespace LangfuseLifecycle.Cli.Configuration;

/// <summary>
/// Where the commands act: the AWS client configuration (region, credentials, AWS_ENDPOINT_URL) and the deployment's
/// names, each taken from a flag, else the stack's outputs, else its parameters, else the environment variable the
/// scaler function itself reads.
/// </summary>
public sealed class Deployment
{
    private readonly IReadOnlyDictionary<string, string> stackValues;
    private readonly Func<string, string?> getVariable;

    private Deployment(AwsClientConfig aws, string? stackName, IReadOnlyDictionary<string, string> stackValues, Func<string, string?> getVariable)
    {
        Aws = aws;
        StackName = stackName;
        this.stackValues = stackValues;
        this.getVariable = getVariable;
    }

    public AwsClientConfig Aws { get; }

    public string? StackName { get; }

    public static async Task<Deployment> ResolveAsync(GlobalSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var aws = CreateAwsConfig(settings, context);
        var values = settings.Stack is { } stack
            ? await ReadStackAsync(new AmazonCloudFormationClient(aws), stack, aws.Region, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, string>();
        return new Deployment(aws, settings.Stack, values, context.GetVariable);
    }

    /// <summary>Builds the AWS configuration the way the functions do, with --region and --profile applied first.</summary>
    public static AwsClientConfig CreateAwsConfig(GlobalSettings settings, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var region = NonEmpty(settings.Region)
            ?? NonEmpty(context.GetVariable(AwsClientConfig.RegionVariable))
            ?? NonEmpty(context.GetVariable(AwsClientConfig.DefaultRegionVariable))
            ?? ProfileRegion(NonEmpty(settings.Profile) ?? NonEmpty(context.GetVariable("AWS_PROFILE")), context.GetVariable);
        if (region is null)
        {
            throw new CliUsageException("No AWS region: pass --region (e.g. --region ap-northeast-1), set AWS_REGION, or give the profile a region.");
        }

        try
        {
            return AwsClientConfig.FromEnvironment(
                name => name is AwsClientConfig.RegionVariable ? region : context.GetVariable(name),
                NonEmpty(settings.Profile));
        }
        catch (AwsConfigurationException exception)
        {
            throw new CliUsageException(exception.Message);
        }
    }

    /// <summary>The value of <paramref name="setting"/>, or null when no source has it.</summary>
    public string? Get(DeploymentSetting setting, string? flagValue = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (NonEmpty(flagValue) is { } flag)
        {
            return flag.Trim();
        }

        foreach (var key in setting.StackKeys)
        {
            if (stackValues.TryGetValue(key, out var value) && NonEmpty(value) is { } stackValue)
            {
                return stackValue.Trim();
            }
        }

        return NonEmpty(getVariable(setting.Variable))?.Trim();
    }

    /// <summary>The value of <paramref name="setting"/>; when no source has it, a usage error naming every way to give it.</summary>
    public string Require(DeploymentSetting setting, string? flagValue, string flag, string what)
    {
        var value = Get(setting, flagValue);
        if (value is not null)
        {
            return value;
        }

        var stackHint = StackName is null
            ? $"--stack <name> of a deployed stack"
            : $"a stack with output or parameter {setting.StackKeys[0]} (stack '{StackName}' has none)";
        throw new CliUsageException($"No {what}: pass {flag}, or {stackHint}, or set {setting.Variable}.");
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadStackAsync(IAmazonCloudFormation cloudFormation, string stackName, string region, CancellationToken cancellationToken)
    {
        DescribeStacksResponse response;
        try
        {
            response = await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.IsValidation || exception.IsNotFound)
        {
            throw new StackNotFoundException(
                $"Stack '{stackName}' was not found in {region}: check --stack and --region (CloudFormation said: {exception.ErrorMessage}).", exception);
        }

        var stack = response.Stacks?.FirstOrDefault()
            ?? throw new StackNotFoundException($"Stack '{stackName}' was not found in {region}: check --stack and --region.");
        if (stack.StackStatus is { } status && (status.StartsWith("DELETE_", StringComparison.Ordinal) || status is "CREATE_FAILED" or "ROLLBACK_COMPLETE" or "ROLLBACK_FAILED"))
        {
            throw new StackNotFoundException($"Stack '{stackName}' is {status}: deploy it again (sam deploy) before using it.");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in stack.Parameters ?? [])
        {
            if (parameter.ParameterKey is { } key)
            {
                values[key] = parameter.ResolvedValue ?? parameter.ParameterValue ?? string.Empty;
            }
        }

        // Outputs win: in create mode they carry what the nested backend stack made, while the parameters are empty.
        foreach (var output in stack.Outputs ?? [])
        {
            if (output.OutputKey is { } key && NonEmpty(output.OutputValue) is not null)
            {
                values[key] = output.OutputValue!;
            }
        }

        return values;
    }

    private static string? ProfileRegion(string? profile, Func<string, string?> getVariable)
    {
        if (profile is null)
        {
            return null;
        }

        return AwsClientConfig.ProfileStore(getVariable).TryGetProfile(profile, out var found) ? found.Region?.SystemName : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
