using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.ApplicationAutoScaling.Model;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Scheduler;
using LangfuseLifecycle.Aws.Scheduler.Model;
using LangfuseLifecycle.Core.Scheduling;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Testing.Faults;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

[CollectionDefinition(ScalerMotoCollection.Name)]
public sealed class ScalerMotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "scaler-moto";
}

/// <summary>A fresh Langfuse-like backend on moto (the demo's), the real <see cref="ScalerHandler"/> talking to it through a
/// <see cref="FaultInjectingProxy"/>, and typed clients that read moto directly for assertions.</summary>
public sealed class ScalerTestBed : IAsyncDisposable
{
    private readonly MemoryStream log = new();

    private ScalerTestBed(MotoLangfuseEnvironment environment, FaultInjectingProxy proxy, Dictionary<string, string?> variables)
    {
        Environment = environment;
        Proxy = proxy;
        Variables = variables;
        var direct = AwsClientConfig.FromEnvironment(name => MotoServer.CreateClientEnvironment(environment.Endpoint).GetValueOrDefault(name));
        Ecs = new AmazonECSClient(direct);
        AutoScaling = new AmazonApplicationAutoScalingClient(direct);
        Scheduler = new AmazonSchedulerClient(direct);
    }

    public MotoLangfuseEnvironment Environment { get; }

    public FaultInjectingProxy Proxy { get; }

    /// <summary>The handler's environment variables; change them before <see cref="CreateHandler"/>.</summary>
    public Dictionary<string, string?> Variables { get; }

    public IAmazonECS Ecs { get; }

    public IAmazonApplicationAutoScaling AutoScaling { get; }

    public IAmazonScheduler Scheduler { get; }

    public string LogText => Encoding.UTF8.GetString(log.ToArray());

    public static async Task<ScalerTestBed> CreateAsync(MotoFixture moto)
    {
        await moto.ResetAsync();
        var environment = await MotoLangfuseEnvironment.CreateAsync(moto.Endpoint);
        var proxy = FaultInjectingProxy.Start(moto.Endpoint);
        var variables = environment.ScalerEnvironment(proxy.Endpoint).ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
        return new ScalerTestBed(environment, proxy, variables);
    }

    public ScalerHandler CreateHandler() => ScalerHandler.Create(new FakeEnvironment(Variables));

    /// <summary>Sends <paramref name="eventJson"/> through the handler's byte entry point, as the bootstrap does.</summary>
    public async Task<ScalerSummary> InvokeAsync(string eventJson, ScalerHandler? handler = null, CancellationToken cancellationToken = default)
    {
        handler ??= CreateHandler();
        var context = new InvocationContext("test-request", DateTimeOffset.UtcNow.AddMinutes(5), MotoLangfuseEnvironment.FunctionArn, null,
            new LambdaLogger(log, ScalerHandler.HandlerName, TimeProvider.System));
        var result = await handler.HandleAsync(Encoding.UTF8.GetBytes(eventJson), context, cancellationToken);
        return JsonSerializer.Deserialize(result, ScalerJsonContext.Default.ScalerSummary)!;
    }

    public async Task<Service> ServiceAsync(string name)
    {
        var response = await Ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = Environment.Cluster, Services = [name], Include = ["TAGS"] });
        return Assert.Single(response.Services!);
    }

    public async Task<Dictionary<string, string>> TagsAsync(string name) =>
        (await ServiceAsync(name)).Tags?.ToDictionary(tag => tag.Key!, tag => tag.Value!) ?? [];

    public async Task<ScalableTarget> WorkerTargetAsync()
    {
        var response = await AutoScaling.DescribeScalableTargetsAsync(new DescribeScalableTargetsRequest
        {
            ServiceNamespace = "ecs",
            ResourceIds = [$"service/{Environment.Cluster}/{Environment.WorkerService}"],
        });
        return Assert.Single(response.ScalableTargets!);
    }

    public async Task<List<ScheduleSummary>> SchedulesAsync() =>
        (await Scheduler.ListSchedulesAsync(new ListSchedulesRequest { GroupName = Environment.ScheduleGroup })).Schedules ?? [];

    /// <summary>Calls that could change the backend or its schedules (everything but Describe/List/Get and the announcing PutEvents), as the proxy saw them.</summary>
    public IReadOnlyList<string> MutatingCalls() =>
        [.. Proxy.Calls.Select(call => call.Request.Key).Where(key =>
            !key.Contains(":Describe", StringComparison.Ordinal) && !key.Contains(":List", StringComparison.Ordinal) && !key.Contains(":Get", StringComparison.Ordinal)
            && key != "events:PutEvents")];

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        log.Dispose();
    }
}
