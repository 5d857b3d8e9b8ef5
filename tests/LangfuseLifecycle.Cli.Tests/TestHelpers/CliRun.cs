using System.Text.Json;
using LangfuseLifecycle.Cli;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console.Testing;
using LangfuseLifecycle.Testing;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>One run of the real command tree with captured consoles and a given environment.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error, string Json)
{
    public JsonElement JsonRoot => JsonDocument.Parse(Json).RootElement;

    /// <summary>Runs one command within <see cref="TestTimeouts.AwsRoundTrips"/>; a longer path (the demo) passes its own budget.</summary>
    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, TimeProvider? time = null, params string[] args) =>
        RunWithinAsync(TestTimeouts.AwsRoundTrips, environment, time, args);

    /// <summary>Runs one command with a caller's token that fires after <paramref name="budget"/> (already scaled).</summary>
    public static async Task<CliRun> RunWithinAsync(TimeSpan budget, IReadOnlyDictionary<string, string> environment, TimeProvider? time, params string[] args)
    {
        using var timeout = new CancellationTokenSource(budget);
        return await RunWithTokenAsync(timeout.Token, environment, time, args);
    }

    /// <summary>Runs one command with the caller's <paramref name="cancellationToken"/>.</summary>
    public static async Task<CliRun> RunWithTokenAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string> environment, TimeProvider? time, params string[] args)
    {
        var console = new TestConsole().Width(200);
        var error = new TestConsole().Width(200);
        var json = new StringWriter();
        var context = new CliContext
        {
            GetVariable = name => environment.TryGetValue(name, out var value) ? value : null,
            Time = time ?? TimeProvider.System,
            Console = console,
            Error = error,
            JsonOut = json,
        };

        var exitCode = await CliApplication.RunAsync(args, context, cancellationToken);
        return new CliRun(exitCode, console.Output, error.Output, json.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), null, args);

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Output}\n--- err\n{Error}\n--- json\n{Json}";
}
