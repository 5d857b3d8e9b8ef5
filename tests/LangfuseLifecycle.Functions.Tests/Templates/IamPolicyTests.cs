using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Templates;

/// <summary>
/// Least privilege of every role in both templates, read after SAM's transform (so the AWS managed policies SAM
/// attaches count too) with parameters and conditions resolved, by effective_policies.py.
/// </summary>
/// <remarks>
/// Call paths: <see cref="CallPaths"/> lists, per function, each adapter its handler wires and the AWS calls it makes
/// through that adapter, with the resource the call touches in the create-mode fixture. The table is kept honest
/// against the code: every listed operation must be called in that adapter's source, and every operation any adapter
/// calls on a generated client must be listed for some function. So a new client call fails here until it is listed
/// (with the function that reaches it), and then fails until that function's policy allows it.
/// </remarks>
public partial class IamPolicyTests
{
    private const string Account = "123456789012";
    private const string Region = "ap-northeast-1";

    /// <summary>Mutating actions allowed on "*" or on every resource of a type ("…/*"), and why nothing narrower exists.</summary>
    private static readonly (string Action, string Resource, string Why)[] WildcardAllowList =
    [
        // AWSLambdaBasicExecutionRole, attached by SAM to every function: logs on "*".
        ("logs:CreateLogGroup", "*", "AWSLambdaBasicExecutionRole (SAM)"),
        ("logs:CreateLogStream", "*", "AWSLambdaBasicExecutionRole (SAM)"),
        ("logs:PutLogEvents", "*", "AWSLambdaBasicExecutionRole (SAM)"),
        // AWSLambdaVPCAccessExecutionRole, attached by SAM to a function with VpcConfig (even inside Fn::If); Lambda
        // manages the function's network interfaces and AWS requires "*" for these.
        ("ec2:CreateNetworkInterface", "*", "AWSLambdaVPCAccessExecutionRole (SAM, VPC functions)"),
        ("ec2:DeleteNetworkInterface", "*", "AWSLambdaVPCAccessExecutionRole (SAM, VPC functions)"),
        ("ec2:AssignPrivateIpAddresses", "*", "AWSLambdaVPCAccessExecutionRole (SAM, VPC functions)"),
        ("ec2:UnassignPrivateIpAddresses", "*", "AWSLambdaVPCAccessExecutionRole (SAM, VPC functions)"),
        // Scalable target ARNs carry random ids and Application Auto Scaling has no resource-id condition key; the
        // statements pin namespace and dimension, and registering an ECS target also needs ecs:UpdateService on the
        // service, which only the named services allow.
        ("application-autoscaling:RegisterScalableTarget", "arn:aws:application-autoscaling:ap-northeast-1:123456789012:scalable-target/*", "no narrower resource exists"),
        // The scaler's one-time "sleep again" schedules have generated names inside the stack's own group.
        ("scheduler:CreateSchedule", "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/langfuse-lifecycle-scaler/*", "the stack's own schedule group"),
        ("scheduler:DeleteSchedule", "arn:aws:scheduler:ap-northeast-1:123456789012:schedule/langfuse-lifecycle-scaler/*", "the stack's own schedule group: a failed wake-for-hours removes the one-time sleep it created, whose name is made at run time"),
        // The migration's v2 web records: one SecureString per execution, named at run time, under the stack's own path.
        ("ssm:PutParameter", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/langfuse-lifecycle/langfuse-lifecycle/migration/*", "the stack's own SSM path: one record per execution, named at run time"),
        // The nested stack's bucket policies: object writes inside the stack's own two buckets.
        ("s3:PutObject", "EventBucket.Arn/*", "objects of the stack's event bucket"),
        ("s3:DeleteObject", "EventBucket.Arn/*", "objects of the stack's event bucket"),
        ("s3:PutObject", "MediaBucket.Arn/*", "objects of the stack's media bucket"),
        ("s3:DeleteObject", "MediaBucket.Arn/*", "objects of the stack's media bucket"),
        // ImagePullThroughCache=ENABLED: the execution roles pull through the cache, whose first pull of an image
        // imports it into a repository ECR creates then, named after the upstream image under the rule's prefix.
        ("ecr:BatchCheckLayerAvailability", CacheRepositories, "read-only layer check, in the cache prefix's repositories"),
        ("ecr:BatchImportUpstreamImage", CacheRepositories, "the cache's repositories are made per upstream image on first pull"),
        ("ecr:CreateRepository", CacheRepositories, "the cache's repositories are made per upstream image on first pull"),
    ];

    private const string CacheRepositories = "arn:aws:ecr:ap-northeast-1:123456789012:repository/docker-hub/*";
    private const string DatabaseUrlKey = "arn:aws:kms:ap-northeast-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab";

    private static readonly string Cluster = "langfuse";
    private static readonly string ClickHouse = $"arn:aws:ecs:{Region}:{Account}:service/langfuse/langfuse-clickhouse";
    private static readonly string Worker = $"arn:aws:ecs:{Region}:{Account}:service/langfuse/langfuse-worker";
    private static readonly string FileSystem = $"arn:aws:elasticfilesystem:{Region}:{Account}:file-system/fs-0123456789abcdef0";
    private static readonly string WorkerRevision = $"arn:aws:ecs:{Region}:{Account}:task-definition/langfuse-worker:7";
    private static readonly string ScalableTarget = $"arn:aws:application-autoscaling:{Region}:{Account}:scalable-target/0123abcd";
    private static readonly string WebService = $"arn:aws:apprunner:{Region}:{Account}:service/langfuse-web/0123";
    private static readonly string LeaseTable = $"arn:aws:dynamodb:{Region}:{Account}:table/langfuse-lifecycle-BackendLeaseTable";
    private static readonly Dictionary<string, string> ScalableEcs = new() { ["application-autoscaling:service-namespace"] = "ecs", ["application-autoscaling:scalable-dimension"] = "ecs:service:DesiredCount" };

    private static readonly (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context)[] EcsScaling =
    [
        ("EcsServiceAdapter", "DescribeServices", "ecs:DescribeServices", ClickHouse, null),
        ("EcsServiceAdapter", "DescribeServices", "ecs:DescribeServices", Worker, null),
        ("EcsServiceAdapter", "UpdateService", "ecs:UpdateService", ClickHouse, null),
        ("EcsServiceAdapter", "UpdateService", "ecs:UpdateService", Worker, null),
        ("EcsServiceAdapter", "TagResource", "ecs:TagResource", Worker, null),
        ("EcsServiceAdapter", "UntagResource", "ecs:UntagResource", Worker, null),
        ("ScalableTargetAdapter", "DescribeScalableTargets", "application-autoscaling:DescribeScalableTargets", "*", null),
        ("ScalableTargetAdapter", "RegisterScalableTarget", "application-autoscaling:RegisterScalableTarget", ScalableTarget, ScalableEcs),
        ("FileSystemAdapter", "DescribeFileSystems", "elasticfilesystem:DescribeFileSystems", FileSystem, null),
        ("FileSystemAdapter", "DescribeMountTargets", "elasticfilesystem:DescribeMountTargets", FileSystem, null),
        ("SubnetAdapter", "DescribeSubnets", "ec2:DescribeSubnets", "*", null),
    ];

    private static readonly (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context)[] WorkerRevisions =
    [
        ("TaskDefinitionAdapter", "DescribeTaskDefinition", "ecs:DescribeTaskDefinition", "*", null),
        ("TaskDefinitionAdapter", "RegisterTaskDefinition", "ecs:RegisterTaskDefinition", WorkerRevision, null),
        // Tag-on-create: the revision copies the family's tags.
        ("TaskDefinitionAdapter", "RegisterTaskDefinition", "ecs:TagResource", WorkerRevision, new() { ["ecs:CreateAction"] = "RegisterTaskDefinition" }),
        ("TaskDefinitionAdapter", "RegisterTaskDefinition", "iam:PassRole", $"arn:aws:iam::{Account}:role/langfuse-backend-WorkerTaskRole", new() { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" }),
        ("TaskDefinitionAdapter", "RegisterTaskDefinition", "iam:PassRole", $"arn:aws:iam::{Account}:role/langfuse-backend-WorkerExecutionRole", new() { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" }),
    ];

    private static readonly (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context)[] WebSwitch =
    [
        ("AppRunnerWebService", "DescribeService", "apprunner:DescribeService", WebService, null),
        ("AppRunnerWebService", "UpdateService", "apprunner:UpdateService", WebService, null),
        ("AppRunnerWebService", "ListOperations", "apprunner:ListOperations", WebService, null),
        ("AppRunnerWebService", "UpdateService", "iam:PassRole", $"arn:aws:iam::{Account}:role/langfuse-backend-WebInstanceRole", new() { ["iam:PassedToService"] = "tasks.apprunner.amazonaws.com" }),
    ];

    private static readonly string V2WebRecord = $"arn:aws:ssm:{Region}:{Account}:parameter/langfuse-lifecycle/langfuse-lifecycle/migration/migration-20261202/web-v2";

    private static readonly (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context)[] RecordV2Web =
    [
        ("SsmWebConfigurationRecords", "PutParameter", "ssm:PutParameter", V2WebRecord, null),
    ];

    private static readonly (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context) ReadV2Web =
        ("SsmWebConfigurationRecords", "GetParameter", "ssm:GetParameter", V2WebRecord, null);

    private static readonly (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context)[] BackendLease =
    [
        ("DynamoDbBackendLease", "PutItem", "dynamodb:PutItem", LeaseTable, null),
        ("DynamoDbBackendLease", "DeleteItem", "dynamodb:DeleteItem", LeaseTable, null),
        ("DynamoDbBackendLease", "GetItem", "dynamodb:GetItem", LeaseTable, null),
    ];

    /// <summary>Function → (adapter it wires, operation called there, IAM action, resource, condition context).</summary>
    private static readonly Dictionary<string, (string Adapter, string Operation, string Action, string Resource, Dictionary<string, string>? Context)[]> CallPaths = new()
    {
        ["ScalerFunction"] =
        [
            .. EcsScaling,
            .. BackendLease,
            ("SleepScheduleAdapter", "DeleteSchedule", "scheduler:DeleteSchedule", $"arn:aws:scheduler:{Region}:{Account}:schedule/langfuse-lifecycle-scaler/langfuse-sleep-at-20261129T0807Z", null),
            ("SleepScheduleAdapter", "CreateSchedule", "scheduler:CreateSchedule", $"arn:aws:scheduler:{Region}:{Account}:schedule/langfuse-lifecycle-scaler/langfuse-sleep-at-20261129T0807Z", null),
            ("SleepScheduleAdapter", "CreateSchedule", "iam:PassRole", $"arn:aws:iam::{Account}:role/langfuse-lifecycle-ScalerSchedulerRole", new() { ["iam:PassedToService"] = "scheduler.amazonaws.com" }),
            ("SleepScheduleAdapter", "GetSchedule", "scheduler:GetSchedule", $"arn:aws:scheduler:{Region}:{Account}:schedule/langfuse-lifecycle-scaler/langfuse-sleep-at-20261129T0807Z", null),
            ("SleepScheduleAdapter", "ListSchedules", "scheduler:ListSchedules", "*", null),
            ("SleepScheduleAdapter", "GetScheduleGroup", "scheduler:GetScheduleGroup", $"arn:aws:scheduler:{Region}:{Account}:schedule-group/langfuse-lifecycle-scaler", null),
            ("ScalerEventPublisher", "PutEvents", "events:PutEvents", $"arn:aws:events:{Region}:{Account}:event-bus/default", null),
        ],
        ["MigrationPreflightFunction"] =
        [
            ("RdsDatabaseSnapshots", "DescribeDBClusters", "rds:DescribeDBClusters", $"arn:aws:rds:{Region}:{Account}:cluster:langfuse-db", null),
            ("RdsDatabaseSnapshots", "DescribeDBInstances", "rds:DescribeDBInstances", $"arn:aws:rds:{Region}:{Account}:db:langfuse-db", null),
            ("AppRunnerWebService", "DescribeService", "apprunner:DescribeService", WebService, null),
            ("EcsMigrationBackendObserver", "DescribeServices", "ecs:DescribeServices", ClickHouse, null),
            ("EcsMigrationBackendObserver", "DescribeServices", "ecs:DescribeServices", Worker, null),
            ("EcsMigrationBackendObserver", "DescribeFileSystems", "elasticfilesystem:DescribeFileSystems", FileSystem, null),
            ("EcsMigrationBackendObserver", "DescribeSubnets", "ec2:DescribeSubnets", "*", null),
            ("EcsMigrationBackendObserver", "DescribeTaskDefinition", "ecs:DescribeTaskDefinition", "*", null),
            ("StepFunctionsMigrationExecutions", "ListExecutions", "states:ListExecutions", $"arn:aws:states:{Region}:{Account}:stateMachine:MigrationStateMachine", null),
            ("IamPermissionSimulator", "SimulatePrincipalPolicy", "iam:SimulatePrincipalPolicy", $"arn:aws:iam::{Account}:role/langfuse-backend-WebInstanceRole", null),
        ],
        ["MigrationSnapshotFunction"] =
        [
            ("RdsDatabaseSnapshots", "DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshots", $"arn:aws:rds:{Region}:{Account}:cluster-snapshot:langfuse-pre-v3-run1", null),
            ("RdsDatabaseSnapshots", "DescribeDBSnapshots", "rds:DescribeDBSnapshots", $"arn:aws:rds:{Region}:{Account}:snapshot:langfuse-pre-v3-run1", null),
            ("RdsDatabaseSnapshots", "CreateDBClusterSnapshot", "rds:CreateDBClusterSnapshot", $"arn:aws:rds:{Region}:{Account}:cluster:langfuse-db", null),
            ("RdsDatabaseSnapshots", "CreateDBClusterSnapshot", "rds:CreateDBClusterSnapshot", $"arn:aws:rds:{Region}:{Account}:cluster-snapshot:langfuse-pre-v3-run1", null),
            ("RdsDatabaseSnapshots", "CreateDBClusterSnapshot", "rds:AddTagsToResource", $"arn:aws:rds:{Region}:{Account}:cluster-snapshot:langfuse-pre-v3-run1", null),
            ("RdsDatabaseSnapshots", "CreateDBSnapshot", "rds:CreateDBSnapshot", $"arn:aws:rds:{Region}:{Account}:db:langfuse-db", null),
            ("RdsDatabaseSnapshots", "CreateDBSnapshot", "rds:CreateDBSnapshot", $"arn:aws:rds:{Region}:{Account}:snapshot:langfuse-pre-v3-run1", null),
        ],
        ["MigrationWakeBackendFunction"] = [.. EcsScaling, .. WorkerRevisions, .. BackendLease],
        ["MigrationSleepBackendFunction"] = [.. EcsScaling, .. WorkerRevisions, .. BackendLease],
        ["MigrationEnableBackgroundMigrationsFunction"] = [.. EcsScaling, .. WorkerRevisions, .. BackendLease],
        ["MigrationBackendStatusFunction"] =
        [
            ("EcsServiceAdapter", "DescribeServices", "ecs:DescribeServices", ClickHouse, null),
            ("EcsServiceAdapter", "DescribeServices", "ecs:DescribeServices", Worker, null),
        ],
        // The switch records the v2 web configuration before it changes the web (and Settle reads it); the rollback reads it.
        ["MigrationSwitchWebFunction"] = [.. WebSwitch, .. RecordV2Web, ReadV2Web],
        ["MigrationRollbackWebFunction"] = [.. WebSwitch, ReadV2Web],
        ["MigrationWebOperationStatusFunction"] = [("AppRunnerWebService", "ListOperations", "apprunner:ListOperations", WebService, null)],
        // HTTP probes and a pure report: no AWS call.
        ["MigrationProbeBackendFunction"] = [],
        ["MigrationProbeWebFunction"] = [],
        ["MigrationReportFunction"] = [],
    };

    private static readonly Dictionary<string, string> CreateMode = new()
    {
        ["BackendMode"] = "create",
        ["BackendVpcId"] = "vpc-0123456789abcdef0",
        ["BackendSubnetIds"] = "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
        ["ClickHouseAvailabilityZone"] = Region + "a",
        ["ClickHouseSubnetId"] = "subnet-0123456789abcdef0",
        ["DatabaseUrlSecretArn"] = $"arn:aws:secretsmanager:{Region}:{Account}:secret:langfuse-db-AbCdEf",
        ["LangfuseWebServiceArn"] = WebService,
        ["LangfuseDatabaseIdentifier"] = "langfuse-db",
        ["V3WebImage"] = "public.ecr.aws/langfuse/langfuse:3.29.0",
    };

    private static readonly Dictionary<string, string> ExistingMode = new()
    {
        ["BackendMode"] = "existing",
        ["LangfuseCluster"] = Cluster,
        ["ClickHouseService"] = "langfuse-clickhouse",
        ["WorkerServices"] = "langfuse-worker",
        ["ClickHouseFileSystemId"] = "fs-0123456789abcdef0",
        ["LifecycleSubnetIds"] = "subnet-0123456789abcdef0",
        ["LifecycleSecurityGroupId"] = "sg-0123456789abcdef0",
        ["LangfuseWebServiceArn"] = WebService,
        ["LangfuseDatabaseIdentifier"] = "langfuse-db",
        ["V3WebImage"] = "public.ecr.aws/langfuse/langfuse:3.29.0",
        ["WorkerRoleArns"] = $"arn:aws:iam::{Account}:role/langfuse-backend-WorkerTaskRole,arn:aws:iam::{Account}:role/langfuse-backend-WorkerExecutionRole",
        ["WebRoleArns"] = $"arn:aws:iam::{Account}:role/langfuse-backend-WebInstanceRole",
    };

    // The optional create-mode settings: images through the ECR pull-through cache, DATABASE_URL under a customer key.
    private static readonly Dictionary<string, string> CreateModeWithOptions = new(CreateMode)
    {
        ["ImagePullThroughCache"] = "ENABLED",
        ["DockerHubCredentialSecretArn"] = $"arn:aws:secretsmanager:{Region}:{Account}:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
        ["DatabaseUrlSecretKmsKeyArn"] = DatabaseUrlKey,
    };

    private static readonly Lazy<JsonObject> CreateRoles = new(() => Roles(CreateMode));
    private static readonly Lazy<JsonObject> ExistingRoles = new(() => Roles(ExistingMode));
    private static readonly Lazy<JsonObject> CreateWithOptionsRoles = new(() => Roles(CreateModeWithOptions));

    public static TheoryData<string> Modes => new() { "create", "existing", "create-with-options" };

    public static TheoryData<string, string> FunctionsInEachMode()
    {
        var data = new TheoryData<string, string>();
        foreach (var mode in new[] { "create", "existing" })
        {
            foreach (var function in CallPaths.Keys)
            {
                data.Add(mode, function);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void MutatingActions_WhenOnEveryResourceOfAType_ShouldBeOnlyTheCommentedAllowList(string mode)
    {
        // Arrange
        var roles = RolesIn(mode);

        // Act
        var broad = (from role in roles
                     from statement in role.Value!["statements"]!.AsArray()
                     where statement!["Effect"]!.GetValue<string>() == "Allow"
                     from action in Strings(statement["Action"])
                     where !IsReadOnly(action)
                     from resource in Strings(statement["Resource"])
                     where resource == "*" || resource.EndsWith("/*", StringComparison.Ordinal)
                     where !WildcardAllowList.Any(allowed => allowed.Action == action && allowed.Resource == resource)
                     select $"{role.Key}: {action} on {resource}").Distinct().ToList();

        // Assert
        Assert.True(broad.Count == 0,
            "mutating actions on wildcard resources (scope them to the named resources, or add them to WildcardAllowList with the reason no narrower resource exists):\n"
            + string.Join("\n", broad));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void PassRole_WhenGranted_ShouldNameTheRolesAndTheServiceTheyArePassedTo(string mode)
    {
        // Arrange
        var roles = RolesIn(mode);

        // Act
        var grants = (from role in roles
                      from statement in role.Value!["statements"]!.AsArray()
                      where Strings(statement!["Action"]).Any(action => Glob(action, "iam:PassRole"))
                      select (Role: role.Key, Statement: statement!)).ToList();

        // Assert
        Assert.NotEmpty(grants);
        foreach (var (role, statement) in grants)
        {
            Assert.All(Strings(statement["Resource"]), resource => Assert.True(
                !resource.Contains('*', StringComparison.Ordinal) && resource.Contains(":role/", StringComparison.Ordinal),
                $"{role} may pass {resource}: name the exact roles"));
            Assert.True(statement["Condition"]?["StringEquals"]?["iam:PassedToService"] is not null, $"{role} passes roles without an iam:PassedToService condition");
        }
    }

    [Theory]
    [MemberData(nameof(FunctionsInEachMode))]
    public void CallPaths_WhenEachCallIsChecked_ShouldBeAllowedByTheFunctionsPolicy(string mode, string function)
    {
        // Arrange
        var roles = RolesIn(mode);
        var role = roles.Single(pair => pair.Value!["function"]?.GetValue<string>() == function).Value!;
        var statements = role["statements"]!.AsArray().Select(statement => statement!).ToList();

        // Act
        var denied = CallPaths[function]
            .Where(call => !statements.Any(statement => Allows(statement, call.Action, call.Resource, call.Context)))
            .Select(call => $"{function} ({call.Adapter}.{call.Operation}) needs {call.Action} on {call.Resource}"
                + (call.Context is null ? string.Empty : " with " + string.Join(", ", call.Context.Select(pair => $"{pair.Key}={pair.Value}"))))
            .ToList();

        // Assert
        Assert.True(denied.Count == 0, $"BackendMode={mode}: add to the function's policy in template.yaml:\n" + string.Join("\n", denied));
    }

    [Fact]
    public void CallPaths_WhenComparedWithTheAdapters_ShouldListExactlyTheOperationsTheyCall()
    {
        // Arrange: every generated client's operations, and what each adapter calls on them.
        var calledByAdapter = AdapterCalls();
        var listed = CallPaths.Values.SelectMany(calls => calls).Select(call => (call.Adapter, call.Operation)).ToHashSet();

        // Act
        var phantom = listed.Where(call => !calledByAdapter.TryGetValue(call.Adapter, out var operations) || !operations.Contains(call.Operation))
            .Select(call => $"{call.Adapter}.{call.Operation} is listed in CallPaths but {call.Adapter}.cs does not call it").ToList();
        var unlisted = calledByAdapter.SelectMany(pair => pair.Value.Select(operation => (Adapter: pair.Key, Operation: operation)))
            .Where(call => !listed.Contains(call))
            .Select(call => $"{call.Adapter}.cs calls {call.Operation}: list it in CallPaths under every function that wires {call.Adapter}, with its IAM action").ToList();

        // Assert
        Assert.True(phantom.Count == 0 && unlisted.Count == 0, string.Join("\n", phantom.Concat(unlisted)));
        Assert.Contains("ScalerEventPublisher", calledByAdapter.Keys);
        Assert.Contains("RegisterTaskDefinition", calledByAdapter["TaskDefinitionAdapter"]);
    }

    [Fact]
    public void ScalerPolicy_WhenExistingModeNamesItsServices_ShouldChangeNoOtherServiceOfTheCluster()
    {
        // Arrange
        var scaler = ExistingRoles.Value.Single(pair => pair.Value!["function"]?.GetValue<string>() == "ScalerFunction").Value!;
        var statements = scaler["statements"]!.AsArray().Select(statement => statement!).ToList();
        var other = $"arn:aws:ecs:{Region}:{Account}:service/langfuse/payments-api";

        // Act
        var allowed = new[] { "ecs:UpdateService", "ecs:TagResource", "ecs:UntagResource" }.Where(action => statements.Any(statement => Allows(statement, action, other, null))).ToList();

        // Assert
        Assert.Empty(allowed);
        Assert.Contains(statements, statement => Allows(statement, "ecs:UpdateService", Worker, null));
    }

    [Fact]
    public void MigrationPolicy_WhenRegisteringATaskDefinition_ShouldReachOnlyTheWorkerFamily()
    {
        // Arrange
        var wake = CreateRoles.Value.Single(pair => pair.Value!["function"]?.GetValue<string>() == "MigrationWakeBackendFunction").Value!;
        var statements = wake["statements"]!.AsArray().Select(statement => statement!).ToList();
        var other = $"arn:aws:ecs:{Region}:{Account}:task-definition/payments-api:3";

        // Act
        var register = statements.Any(statement => Allows(statement, "ecs:RegisterTaskDefinition", other, null));
        var passAny = statements.Any(statement => Allows(statement, "iam:PassRole", $"arn:aws:iam::{Account}:role/Admin", new() { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" }));
        var tagOutsideCreate = statements.Any(statement => Allows(statement, "ecs:TagResource", WorkerRevision, null));

        // Assert
        Assert.False(register);
        Assert.False(passAny);
        Assert.False(tagOutsideCreate);
    }

    [Theory]
    [InlineData("BackendStack/WorkerExecutionRole")]
    [InlineData("BackendStack/ClickHouseExecutionRole")]
    public void ExecutionRole_WhenImagesComeThroughThePullThroughCache_ShouldPullAndImportOnlyUnderTheCachePrefix(string role)
    {
        // Arrange
        var statements = StatementsOf(CreateWithOptionsRoles.Value, role);
        var withoutCache = StatementsOf(CreateRoles.Value, role);
        var cached = $"arn:aws:ecr:{Region}:{Account}:repository/docker-hub/langfuse/langfuse-worker";
        var other = $"arn:aws:ecr:{Region}:{Account}:repository/payments/api";
        string[] pull = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"];

        // Act
        var missing = pull.Where(action => !statements.Any(statement => Allows(statement, action, cached, null))).ToList();
        var beyondPrefix = pull.Where(action => statements.Any(statement => Allows(statement, action, other, null))).ToList();
        var ecrWithoutCache = withoutCache.SelectMany(statement => Strings(statement["Action"])).Where(action => action.StartsWith("ecr:", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.True(missing.Count == 0, $"{role} cannot pull through the cache: {string.Join(", ", missing)}");
        Assert.Contains(statements, statement => Allows(statement, "ecr:GetAuthorizationToken", "*", null));
        Assert.Empty(beyondPrefix);
        Assert.Empty(ecrWithoutCache);
    }

    [Theory]
    [InlineData("BackendStack/WorkerExecutionRole", true)]
    [InlineData("BackendStack/WebInstanceRole", true)]
    [InlineData("BackendStack/ClickHouseExecutionRole", false)]
    public void DatabaseUrlSecretKey_WhenGiven_ShouldDecryptOnlyThroughSecretsManagerForTheRolesReadingTheSecret(string role, bool readsDatabaseUrl)
    {
        // Arrange
        var statements = StatementsOf(CreateWithOptionsRoles.Value, role);
        var withoutKey = StatementsOf(CreateRoles.Value, role);
        var viaSecretsManager = new Dictionary<string, string> { ["kms:ViaService"] = $"secretsmanager.{Region}.amazonaws.com" };
        var viaS3 = new Dictionary<string, string> { ["kms:ViaService"] = $"s3.{Region}.amazonaws.com" };

        // Act
        var decrypts = statements.Any(statement => Allows(statement, "kms:Decrypt", DatabaseUrlKey, viaSecretsManager));
        var decryptsElsewhere = statements.Any(statement => Allows(statement, "kms:Decrypt", DatabaseUrlKey, viaS3) || Allows(statement, "kms:Decrypt", DatabaseUrlKey, null));
        var decryptsWithoutKey = withoutKey.Any(statement => Strings(statement["Action"]).Contains("kms:Decrypt"));

        // Assert: the worker's task start and the web's deployment read DATABASE_URL; ClickHouse never does.
        Assert.Equal(readsDatabaseUrl, decrypts);
        Assert.False(decryptsElsewhere);
        Assert.False(decryptsWithoutKey);
    }

    private static JsonObject RolesIn(string mode) => mode switch
    {
        "create" => CreateRoles.Value,
        "existing" => ExistingRoles.Value,
        "create-with-options" => CreateWithOptionsRoles.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "create, existing or create-with-options"),
    };

    private static List<JsonNode> StatementsOf(JsonObject roles, string role) =>
        roles[role]!["statements"]!.AsArray().Select(statement => statement!).ToList();

    private static JsonObject Roles(Dictionary<string, string> values)
    {
        var parameters = Path.Combine(Path.GetTempPath(), $"iam-parameters-{Guid.NewGuid():N}.json");
        File.WriteAllText(parameters, new JsonObject(values.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value)))).ToJsonString());
        try
        {
            var script = Path.Combine(TemplateFiles.RepositoryRoot, "tests", "LangfuseLifecycle.Functions.Tests", "Templates", "effective_policies.py");
            var (exitCode, output, error) = TemplateFiles.Run("python3", [script, TemplateFiles.ParentTemplate, TemplateFiles.BackendTemplate, parameters]);
            Assert.True(exitCode == 0, error);
            return JsonNode.Parse(output)!["roles"]!.AsObject();
        }
        finally
        {
            File.Delete(parameters);
        }
    }

    private static Dictionary<string, HashSet<string>> AdapterCalls()
    {
        var aws = Path.Combine(TemplateFiles.RepositoryRoot, "src", "LangfuseLifecycle.Aws");
        var operations = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Generated clients are AmazonXClient.g.cs; hand-written ones (Lambda) AmazonXClient.cs.
        foreach (var client in Directory.EnumerateFiles(aws, "Amazon*Client*.cs", SearchOption.AllDirectories)
                     .Where(path => Path.GetFileName(path).EndsWith("Client.cs", StringComparison.Ordinal) || Path.GetFileName(path).EndsWith("Client.g.cs", StringComparison.Ordinal)))
        {
            var name = Path.GetFileName(client).Replace(".g.cs", string.Empty, StringComparison.Ordinal).Replace(".cs", string.Empty, StringComparison.Ordinal);
            operations["I" + name[..^"Client".Length]] = InvokedOperation().Matches(File.ReadAllText(client)).Select(match => match.Groups[1].Value).ToHashSet();
        }

        var calls = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var adapter in Directory.EnumerateFiles(Path.Combine(aws, "Adapters"), "*.cs", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(adapter);
            var clientOperations = operations.Where(pair => Regex.IsMatch(source, $@"\b{pair.Key}\b")).SelectMany(pair => pair.Value).ToHashSet();
            var called = AsyncCall().Matches(source).Select(match => match.Groups[1].Value).Where(clientOperations.Contains).ToHashSet();
            if (called.Count > 0)
            {
                calls[Path.GetFileNameWithoutExtension(adapter)] = called;
            }
        }

        return calls;
    }

    private static bool Allows(JsonNode statement, string action, string resource, Dictionary<string, string>? context)
    {
        if (statement["Effect"]!.GetValue<string>() != "Allow"
            || !Strings(statement["Action"]).Any(pattern => Glob(pattern, action))
            || !Strings(statement["Resource"]).Any(pattern => Glob(pattern, resource)))
        {
            return false;
        }

        foreach (var (operatorName, keys) in statement["Condition"]?.AsObject() ?? [])
        {
            Assert.True(operatorName == "StringEquals", $"condition operator {operatorName} is not evaluated by this test");
            foreach (var (key, expected) in keys!.AsObject())
            {
                if (context is null || !context.TryGetValue(key, out var actual) || !Strings(expected).Contains(actual))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsReadOnly(string action)
    {
        var verb = action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return verb.StartsWith("Describe", StringComparison.Ordinal) || verb.StartsWith("List", StringComparison.Ordinal)
            || verb.StartsWith("Get", StringComparison.Ordinal) || verb.StartsWith("BatchGet", StringComparison.Ordinal);
    }

    private static bool Glob(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node switch
        {
            JsonArray array => array.Select(item => item!.ToString()),
            null => [],
            _ => [node.ToString()],
        };

    [GeneratedRegex("Task<Model\\.[A-Za-z0-9]+Response> ([A-Za-z0-9]+)Async\\(")]
    private static partial Regex InvokedOperation();

    [GeneratedRegex("\\.([A-Z][A-Za-z0-9]+)Async\\(")]
    private static partial Regex AsyncCall();
}
