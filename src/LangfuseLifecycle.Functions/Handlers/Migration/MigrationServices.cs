using LangfuseLifecycle.Aws.Adapters.Migration;
using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ElasticFileSystem;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.IdentityManagement;
using LangfuseLifecycle.Aws.RDS;
using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Core.Migration.Ports;
using LangfuseLifecycle.Core.Migration.Steps;
using LangfuseLifecycle.Core.Scheduling.Ports;
using LangfuseLifecycle.Functions.Health;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Handlers.Migration;

/// <summary>
/// Builds the ports a migration step needs from the function's environment, once per sandbox. Every setting of the
/// migration itself travels in the event; the environment only gives AWS region, credentials and endpoints.
/// Each port is built only when a handler asks for it, so a function's init builds only what its one handler uses.
/// </summary>
public sealed class MigrationServices(AwsClientConfig aws)
{
    /// <summary>The preflight function's variable naming the stack's SSM path for the v2 web records (template.yaml).</summary>
    public const string V2RecordPrefixVariable = "MIGRATION_V2_RECORD_PREFIX";

    public static MigrationServices FromEnvironment(IEnvironment environment) =>
        new(AwsClientConfig.FromEnvironment(environment.GetVariable));

    public IDatabaseSnapshots Database() => new RdsDatabaseSnapshots(new AmazonRDSClient(aws));

    public IWebService Web() => new AppRunnerWebService(aws);

    /// <summary>The v2 web records (SSM SecureStrings) the switch writes and the rollback reads.</summary>
    public IWebConfigurationRecords WebRecords() => new SsmWebConfigurationRecords(aws, MigrationJsonContext.Default.WebConfiguration);

    public WebSwitchStep WebSwitch() => new(Web(), WebRecords());

    public IMigrationExecutions Executions() => new StepFunctionsMigrationExecutions(new AmazonStepFunctionsClient(aws));

    public IMigrationBackendObserver BackendObserver() =>
        new EcsMigrationBackendObserver(new AmazonECSClient(aws), new AmazonElasticFileSystemClient(aws), new AmazonEC2Client(aws));

    public IPermissionSimulator Permissions() => new IamPermissionSimulator(new AmazonIdentityManagementServiceClient(aws));

    /// <summary>TCP reachability from wherever this function runs (the preflight function joins the VPC when the template can place it there).</summary>
    public INetworkPathProbe NetworkPath() => new TcpReachabilityProbe();

    public IHealthProbe Probe() => HttpHealthProbe.CreateDefault();

    public AwsClientConfig Aws => aws;
}
