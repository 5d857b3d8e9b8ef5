using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Runtime;

return await LambdaBootstrap.RunAsync(
    HandlerRegistry.Default,
    ProcessEnvironment.Instance,
    TimeProvider.System,
    Console.OpenStandardOutput());
