using System.Diagnostics;
using System.Globalization;
using System.Text;
using LangfuseLifecycle.Cli.Demo;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Testing.Faults;

// Sleep and wake of the demo's Langfuse-like backend on moto, through the real scaler handler with zero poll intervals.
// AWS calls are counted by a FaultInjectingProxy (no faults) between the handler and moto.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;

await using var moto = await MotoServer.StartAsync();
var environment = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
await using var proxy = FaultInjectingProxy.Start(moto.Endpoint);
var handler = ScalerHandler.Create(new DictionaryEnvironment(environment.ScalerEnvironment(proxy.Endpoint)));
var logger = new LambdaLogger(Stream.Null, ScalerHandler.HandlerName, TimeProvider.System);
var context = new InvocationContext("benchmark", DateTimeOffset.UtcNow.AddHours(1), MotoLangfuseEnvironment.FunctionArn, null, logger);

async Task<(double Milliseconds, IReadOnlyDictionary<string, int> Calls)> RunAsync(string action)
{
    proxy.ResetCounters();
    var clock = Stopwatch.StartNew();
    await handler.HandleAsync(Encoding.UTF8.GetBytes($$"""{"action":"{{action}}"}"""), context, CancellationToken.None);
    var elapsed = clock.Elapsed.TotalMilliseconds;
    return (elapsed, proxy.CallCounts);
}

// Warm-up: JIT, connection pool, moto's first-request costs.
await RunAsync("sleep");
await RunAsync("wake");

var results = new Dictionary<string, List<double>> { ["sleep"] = [], ["wake"] = [] };
var calls = new Dictionary<string, IReadOnlyDictionary<string, int>>();
for (var i = 0; i < iterations; i++)
{
    foreach (var action in new[] { "sleep", "wake" })
    {
        var (milliseconds, counts) = await RunAsync(action);
        results[action].Add(milliseconds);
        calls[action] = counts;
    }
}

Console.WriteLine($"iterations: {iterations} (after 1 warm-up cycle); moto {moto.Endpoint}; poll intervals 0");
Console.WriteLine("| action | median (ms) | p90 (ms) | max (ms) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (action, samples) in results)
{
    samples.Sort();
    double At(double quantile) => samples[(int)Math.Min(samples.Count - 1, Math.Ceiling(quantile * samples.Count) - 1)];
    Console.WriteLine($"| {action} | {At(0.5):0.0} | {At(0.9):0.0} | {samples[^1]:0.0} |");
}

Console.WriteLine();
Console.WriteLine("AWS calls per action (last iteration):");
foreach (var (action, counts) in calls)
{
    Console.WriteLine($"  {action}: {string.Join(", ", counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"))} (total {counts.Values.Sum()})");
}
