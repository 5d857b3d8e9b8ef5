using LangfuseLifecycle.Cli.Demo;

// Minimal entry point; the full operator CLI is built around these commands later.
if (args.Length > 0 && args[0] == "demo")
{
    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, eventArgs) =>
    {
        eventArgs.Cancel = true;
        cancellation.Cancel();
    };
    return await new LifecycleDemo(Console.Out).RunAsync(cancellation.Token);
}

Console.Error.WriteLine("usage: langfuse-lifecycle demo");
return 2;
