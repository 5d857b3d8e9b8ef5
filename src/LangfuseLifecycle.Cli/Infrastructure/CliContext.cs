using Spectre.Console;

namespace LangfuseLifecycle.Cli.Infrastructure;

/// <summary>
/// What the commands get from the process: environment variables, the clock, the human console (tables, progress),
/// the error console and the raw writer that <c>--output json</c> writes to. Tests pass their own.
/// </summary>
public sealed class CliContext
{
    public required Func<string, string?> GetVariable { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Tables, progress and summaries (stdout in a terminal).</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Errors and warnings (stderr), so <c>--output json</c> on stdout stays parseable.</summary>
    public required IAnsiConsole Error { get; init; }

    /// <summary>Machine output: one JSON document per command.</summary>
    public required TextWriter JsonOut { get; init; }

    public static CliContext FromProcess() => new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        Time = TimeProvider.System,
        Console = AnsiConsole.Console,
        Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }),
        JsonOut = System.Console.Out,
    };
}
