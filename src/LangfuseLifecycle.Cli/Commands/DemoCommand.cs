using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace LangfuseLifecycle.Cli.Commands;

/// <summary><c>demo</c>: <see cref="LifecycleDemo"/> (moto_server and local emulators; the scheduler lifecycle through the scaler handler, then the migration state machine through the step handlers).</summary>
public sealed class DemoCommand(CliContext context) : AsyncCommand
{
    public override async Task<int> ExecuteAsync(CommandContext commandContext, CancellationToken cancellationToken) =>
        await new LifecycleDemo(context.JsonOut).RunAsync(cancellationToken).ConfigureAwait(false) == 0 ? ExitCodes.Ok : ExitCodes.ActionFailed;
}
