using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands;

/// <summary><c>demo</c>: <see cref="LifecycleDemo"/> (moto_server and local emulators; the scheduler lifecycle through the scaler handler, then the migration state machine through the step handlers).
/// The demo is human text, so it goes to the console's writer, never to <see cref="CliContext.JsonOut"/> (one JSON document per command).</summary>
public sealed class DemoCommand(CliContext context) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, CancellationToken cancellationToken) =>
        await new LifecycleDemo(context.Console.Profile.Out.Writer).RunAsync(cancellationToken).ConfigureAwait(false) == 0 ? ExitCodes.Ok : ExitCodes.ActionFailed;
}
