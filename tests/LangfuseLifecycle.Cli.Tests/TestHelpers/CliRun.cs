using System.Text.Json;
using LangfuseLifecycle.Cli;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>One run of the real command tree with captured consoles and a given environment.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error, string Json)
{
    public JsonElement JsonRoot => JsonDocument.Parse(Json).RootElement;

    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, TimeProvider? time = null, params string[] args)
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

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await CliApplication.RunAsync(args, context, timeout.Token);
        return new CliRun(exitCode, console.Output, error.Output, json.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), null, args);

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Output}\n--- err\n{Error}\n--- json\n{Json}";
}
