using LangfuseLifecycle.Cli;
using LangfuseLifecycle.Cli.Infrastructure;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    // First Ctrl+C cancels the AWS calls and waits cleanly; a second one ends the process.
    eventArgs.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await CliApplication.RunAsync(args, CliContext.FromProcess(), cancellation.Token);
