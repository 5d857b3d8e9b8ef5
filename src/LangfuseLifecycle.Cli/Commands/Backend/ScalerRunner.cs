using System.Globalization;
using LangfuseLifecycle.Aws.ECS;
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

    public async Task<(ScalerSummary Summary, Deployment Deployment)> RunAsync(ScalerCommandSettings settings, ScalerEvent scalerEvent, string progressText, CancellationToken cancellationToken)
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

    private async Task<ScalerSummary> RunResolvedAsync(ScalerCommandSettings settings, Deployment deployment, ScalerEvent scalerEvent, string progressText, CancellationToken cancellationToken)
    {
        if (settings.ViaLambda)
        {
            var function = deployment.Require(DeploymentSetting.ScalerFunctionArn, settings.Function, "--function <NAME_OR_ARN>", "scaler function");
            var invoker = new ScalerFunctionInvoker(deployment, function);
            var watched = Progress(
                scalerEvent,
                deployment,
                deployment.Get(DeploymentSetting.Cluster, settings.Cluster),
                deployment.Get(DeploymentSetting.ClickHouseService, settings.ClickHouseService),
                deployment.Get(DeploymentSetting.WorkerServices, settings.WorkerServices));
            return await WithProgressAsync(settings, $"{progressText} (invoking {function})", token => invoker.InvokeAsync(scalerEvent, token), watched, cancellationToken).ConfigureAwait(false);
        }

        var variables = Variables(settings, deployment);
        var handler = new ScalerHandler(ScalerConfiguration.FromEnvironment(new DictionaryEnvironment(variables)), deployment.Aws, context.Time);
        var logger = new LambdaLogger(Stream.Null, ScalerHandler.HandlerName, context.Time);
        var functionArn = variables.GetValueOrDefault(DeploymentSetting.ScalerFunctionArn.Variable) ?? string.Empty;
        var invocation = new InvocationContext($"cli {Environment.MachineName} pid {Environment.ProcessId} {Guid.NewGuid():N}", context.Time.GetUtcNow().AddMinutes(15), functionArn, null, logger);
        var progress = Progress(
            scalerEvent,
            deployment,
            variables.GetValueOrDefault(DeploymentSetting.Cluster.Variable),
            variables.GetValueOrDefault(DeploymentSetting.ClickHouseService.Variable),
            variables.GetValueOrDefault(DeploymentSetting.WorkerServices.Variable));

        return await WithProgressAsync(settings, progressText, token => handler.HandleEventAsync(scalerEvent, invocation, token), progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Wake, sleep and keep-awake wait for ECS: watch the services' counts meanwhile. Status answers at once.</summary>
    private static ServiceProgress? Progress(ScalerEvent scalerEvent, Deployment deployment, string? cluster, string? clickHouse, string? workers) =>
        scalerEvent.Action == "status" || cluster is null || clickHouse is null
            ? null
            : new ServiceProgress(new AmazonECSClient(deployment.Aws), cluster, [clickHouse, .. (workers ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);

    /// <summary>
    /// A spinner with the elapsed time and the services' counts in a terminal; in CI logs and pipes, a line whenever the
    /// counts change; nothing with --output json. Counts are polled every SERVICE_POLL_INTERVAL_SECONDS (at least 1 s, default 5 s).
    /// </summary>
    private async Task<ScalerSummary> WithProgressAsync(
        ScalerCommandSettings settings, string progressText, Func<CancellationToken, Task<ScalerSummary>> action, ServiceProgress? progress, CancellationToken cancellationToken)
    {
        if (settings.Json)
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }

        var interval = PollInterval();
        var started = context.Time.GetTimestamp();
        string Elapsed() => context.Time.GetElapsedTime(started).TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

        if (!context.Console.Profile.Capabilities.Interactive)
        {
            context.Console.MarkupLine($"{Markup.Escape(progressText)}…");
            var work = action(cancellationToken);
            string? last = null;
            while (progress is not null && !await WaitAsync(work, interval, cancellationToken).ConfigureAwait(false))
            {
                if (await progress.SnapshotAsync(cancellationToken).ConfigureAwait(false) is { } snapshot && snapshot != last && !work.IsCompleted)
                {
                    context.Console.MarkupLine($"  [grey]{Elapsed()}:[/] {Markup.Escape(snapshot)}");
                    last = snapshot;
                }
            }

            return await work.ConfigureAwait(false);
        }

        return await context.Console.Status().StartAsync($"{Markup.Escape(progressText)}…", async status =>
        {
            var work = action(cancellationToken);
            var counts = string.Empty;
            var sincePoll = interval;
            while (!await WaitAsync(work, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false))
            {
                sincePoll += TimeSpan.FromSeconds(1);
                if (progress is not null && sincePoll >= interval)
                {
                    counts = await progress.SnapshotAsync(cancellationToken).ConfigureAwait(false) is { } snapshot ? $" — {snapshot}" : counts;
                    sincePoll = TimeSpan.Zero;
                }

                status.Status($"{Markup.Escape(progressText)}… {Elapsed()}{Markup.Escape(counts)}");
            }

            return await work.ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>True once <paramref name="work"/> has ended; false after <paramref name="interval"/>.</summary>
    private async Task<bool> WaitAsync(Task work, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (!work.IsCompleted)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(interval, context.Time, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The action has the same token and ends with it; its own exception is what the caller sees.
            }
        }

        return work.IsCompleted;
    }

    private TimeSpan PollInterval() =>
        decimal.TryParse(context.GetVariable(ScalerConfiguration.ServicePollSeconds), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds((double)Math.Max(seconds, 1))
            : TimeSpan.FromSeconds(5);

    private Dictionary<string, string> Variables(ScalerCommandSettings settings, Deployment deployment)
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
        foreach (var setting in DeploymentSetting.ScalerVariables)
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
