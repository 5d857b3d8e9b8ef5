using System.Diagnostics;
using LangfuseLifecycle.Cli.Configuration;
using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Exceptions;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Configuration;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using Spectre.Console;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// Runs a scaler action on this machine through the ScalerFunction's own handler (<see cref="ScalerHandler"/> →
/// <see cref="BackendScaler"/>), configured exactly as the function is: the same environment variable names, filled from
/// flags, the stack's outputs/parameters, or this process's environment.
/// </summary>
public sealed class ScalerRunner(CliContext context)
{
    /// <summary>The flag that sets each scaler request field or configuration variable, so a rejection names what to retype.</summary>
    private static readonly Dictionary<string, string> FlagsByField = new(StringComparer.Ordinal)
    {
        ["forHours"] = "--for",
        ["until"] = "--until",
        ["reason"] = "--reason",
        ["force"] = "--force",
        [DeploymentSetting.Cluster.Variable] = "--cluster",
        [DeploymentSetting.ClickHouseService.Variable] = "--clickhouse-service",
        [DeploymentSetting.WorkerServices.Variable] = "--worker-services",
        [DeploymentSetting.FileSystemId.Variable] = "--file-system-id",
        [DeploymentSetting.TimeZone.Variable] = "--timezone",
        [DeploymentSetting.Holidays.Variable] = "--holidays",
    };

    public async Task<(ScalerSummary Summary, Deployment Deployment)> RunAsync(ScalerSettings settings, ScalerEvent scalerEvent, string progressText, CancellationToken cancellationToken)
    {
        var deployment = await Deployment.ResolveAsync(settings, context, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await RunResolvedAsync(settings, deployment, scalerEvent, progressText, cancellationToken).ConfigureAwait(false), deployment);
        }
        catch (InvalidScalerRequestException exception)
        {
            throw new CliUsageException(WithFlag(exception.Field, exception.Message));
        }
        catch (InvalidScalerConfigurationException exception)
        {
            throw new CliUsageException(WithFlag(exception.Setting, exception.Message));
        }
        catch (ScalerFunctionFailedException exception) when (exception.ErrorType == nameof(InvalidScalerRequestException))
        {
            // The deployed function validated the event before any AWS call; its message quotes the field: 'until' ...
            var quoted = exception.Message.Split('\'', 3);
            throw new CliUsageException(WithFlag(quoted.Length == 3 ? quoted[1] : string.Empty, exception.Message));
        }
    }

    private static string WithFlag(string field, string message) =>
        FlagsByField.TryGetValue(field, out var flag) ? $"{flag}: {message}" : message;

    private async Task<ScalerSummary> RunResolvedAsync(ScalerSettings settings, Deployment deployment, ScalerEvent scalerEvent, string progressText, CancellationToken cancellationToken)
    {
        if (settings.ViaLambda)
        {
            var function = deployment.Require(DeploymentSetting.ScalerFunctionArn, settings.Function, "--function <NAME_OR_ARN>", "scaler function");
            var invoker = new ScalerFunctionInvoker(deployment, function);
            return await WithProgressAsync(settings, $"{progressText} (invoking {function})", token => invoker.InvokeAsync(scalerEvent, token), cancellationToken).ConfigureAwait(false);
        }

        var variables = Variables(settings, deployment);
        var handler = new ScalerHandler(ScalerConfiguration.FromEnvironment(new DictionaryEnvironment(variables)), deployment.Aws, context.Time);
        var logger = new LambdaLogger(Stream.Null, ScalerHandler.HandlerName, context.Time);
        var functionArn = variables.GetValueOrDefault(DeploymentSetting.ScalerFunctionArn.Variable) ?? string.Empty;
        var invocation = new InvocationContext($"cli-{Guid.NewGuid():N}", context.Time.GetUtcNow().AddMinutes(15), functionArn, null, logger);

        return await WithProgressAsync(settings, progressText, token => handler.HandleEventAsync(scalerEvent, invocation, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A spinner with the elapsed time in a terminal; one line otherwise (CI logs, pipes); nothing with --output json.</summary>
    private async Task<ScalerSummary> WithProgressAsync(ScalerSettings settings, string progressText, Func<CancellationToken, Task<ScalerSummary>> action, CancellationToken cancellationToken)
    {
        if (settings.Json || !context.Console.Profile.Capabilities.Interactive)
        {
            if (!settings.Json)
            {
                context.Console.MarkupLine($"{Markup.Escape(progressText)}…");
            }

            return await action(cancellationToken).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.StartNew();
        return await context.Console.Status().StartAsync($"{Markup.Escape(progressText)}…", async status =>
        {
            var work = action(cancellationToken);
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false);
                status.Status($"{Markup.Escape(progressText)}… {elapsed.Elapsed.TotalSeconds:0} s");
            }

            return await work.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private Dictionary<string, string> Variables(ScalerSettings settings, Deployment deployment)
    {
        var flags = new Dictionary<DeploymentSetting, string?>
        {
            [DeploymentSetting.Cluster] = settings.Cluster,
            [DeploymentSetting.ClickHouseService] = settings.ClickHouseService,
            [DeploymentSetting.WorkerServices] = settings.WorkerServices,
            [DeploymentSetting.FileSystemId] = settings.FileSystemId,
            [DeploymentSetting.TimeZone] = settings.TimeZone,
            [DeploymentSetting.Holidays] = settings.Holidays,
        };
        // The four names without defaults: a usage error naming the flag beats the function's "LANGFUSE_CLUSTER is not set".
        deployment.Require(DeploymentSetting.Cluster, settings.Cluster, "--cluster", "ECS cluster");
        deployment.Require(DeploymentSetting.ClickHouseService, settings.ClickHouseService, "--clickhouse-service", "ClickHouse service");
        deployment.Require(DeploymentSetting.WorkerServices, settings.WorkerServices, "--worker-services", "worker services");
        deployment.Require(DeploymentSetting.FileSystemId, settings.FileSystemId, "--file-system-id", "ClickHouse file system");

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in DeploymentSetting.ScalerSettings)
        {
            if (settings.SkipHealthCheck && (setting == DeploymentSetting.ClickHouseHealthUrl || setting == DeploymentSetting.WorkerHealthUrl))
            {
                continue;
            }

            if (deployment.Get(setting, flags.GetValueOrDefault(setting)) is { } value)
            {
                variables[setting.Variable] = value;
            }
        }

        foreach (var name in DeploymentSetting.EnvironmentOnlyVariables)
        {
            if (context.GetVariable(name) is { Length: > 0 } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
