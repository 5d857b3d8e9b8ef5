using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;
using DemoEnvironment = LangfuseLifecycle.Cli.Demo.MotoLangfuseEnvironment;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

/// <summary>
/// The scheduler demo's Langfuse-like backend on moto (VPC, EFS One Zone, ClickHouse with drifted subnets, worker at 2
/// with a scalable target), named by a CloudFormation stack shaped like template.yaml's, and the CLI's environment for it.
/// </summary>
public sealed record ScalerStack(DemoEnvironment Backend, Dictionary<string, string> Environment)
{
    public static async Task<ScalerStack> CreateAsync(MotoFixture moto, IReadOnlyDictionary<string, string>? extraParameters = null, IReadOnlyDictionary<string, string>? extraOutputs = null)
    {
        ArgumentNullException.ThrowIfNull(moto);
        await moto.ResetAsync();
        var backend = await DemoEnvironment.CreateAsync(moto.Endpoint);
        var parameters = new Dictionary<string, string>
        {
            ["LangfuseCluster"] = backend.Cluster,
            ["ClickHouseService"] = backend.ClickHouseService,
            ["WorkerServices"] = backend.WorkerService,
            ["ClickHouseFileSystemId"] = backend.FileSystemId,
            ["ScheduleTimezone"] = "Asia/Tokyo",
            ["ScheduleGroup"] = backend.ScheduleGroup,
        };
        foreach (var (key, value) in extraParameters ?? new Dictionary<string, string>())
        {
            parameters[key] = value;
        }

        var outputs = new Dictionary<string, string>
        {
            ["ScalerFunctionArn"] = DemoEnvironment.FunctionArn,
            ["ScalerSchedulerRoleArn"] = DemoEnvironment.SchedulerRoleArn,
        };
        foreach (var (key, value) in extraOutputs ?? new Dictionary<string, string>())
        {
            outputs[key] = value;
        }

        await LangfuseEnvironment.CreateStackAsync(new MotoSeedRequests(moto.Endpoint), parameters, extraOutputs: outputs);
        var environment = new Dictionary<string, string>(moto.CreateClientEnvironment())
        {
            ["SERVICE_POLL_INTERVAL_SECONDS"] = "0.05",
            ["HEALTH_POLL_INTERVAL_SECONDS"] = "0.05",
        };
        return new ScalerStack(backend, environment);
    }

    /// <summary>The CLI's environment with every AWS call sent to <paramref name="endpoint"/> (a proxy in front of moto).</summary>
    public Dictionary<string, string> EnvironmentVia(Uri endpoint) => new(Environment)
    {
        ["AWS_ENDPOINT_URL"] = endpoint.GetLeftPart(UriPartial.Authority),
    };

    public Task<CliRun> RunAsync(params string[] args) => RunAsync(Environment, args);

    public static Task<CliRun> RunAsync(Dictionary<string, string> environment, params string[] args) =>
        CliRun.RunAsync(environment, null, [.. args, "--stack", LangfuseEnvironment.StackName]);
}
