using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class MigrationPreflightTests
{
    [Fact]
    public void Evaluate_WhenEverythingIsInPlace_ShouldPlanTheSnapshotFromTheExecutionName()
    {
        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution("nightly_run"), MigrationSamples.Observation());

        Assert.True(outcome.IsReady);
        Assert.Empty(outcome.Problems);
        Assert.Equal("langfuse-pre-v3-nightly-run", outcome.Plan!.SnapshotIdentifier);
        Assert.Equal("2.95.1", outcome.Plan.CurrentVersion);
        Assert.Equal("3.29.0", outcome.Plan.TargetVersion);
        Assert.Equal(new DatabaseTarget("langfuse-db", DatabaseKind.AuroraCluster), outcome.Plan.Database);
        Assert.Equal("http://clickhouse.langfuse.local:8123/ping", outcome.Plan.Backend.ClickHousePingUrl);
        Assert.Equal("euw1-az1", outcome.Plan.Backend.AvailabilityZoneId);
    }

    [Fact]
    public void Evaluate_WhenReady_ShouldNameTheV2RecordUnderTheStackPrefixAndCarryNoV2Value()
    {
        var execution = MigrationSamples.Execution() with { V2RecordPrefix = "/langfuse-lifecycle/prod/migration" };

        var plan = MigrationPreflight.Evaluate(MigrationSamples.Settings(), execution, MigrationSamples.Observation()).Plan!;

        Assert.Equal(MigrationSamples.WebServiceArn, plan.Rollback.ServiceArn);
        Assert.Equal("/langfuse-lifecycle/prod/migration/2026-11-29_v3/web-v2", plan.Rollback.V2Record);
        Assert.Equal(plan.Rollback.V2Record, plan.Web.V2Record);
        Assert.Equal(MigrationSamples.V2Image, plan.Web.V2ImageIdentifier);
        Assert.DoesNotContain("NEXTAUTH_URL", plan.Web.Changes.Variables.Keys);
        Assert.DoesNotContain("https://langfuse.example.com", plan.Web.Changes.Variables.Values);
    }

    [Fact]
    public void Evaluate_WhenReady_ShouldBuildTheV3WebOnTopOfTheV2Configuration()
    {
        var after = MigrationSamples.Plan().Web.After(MigrationSamples.V2Configuration());

        Assert.Equal(MigrationSamples.V3Image, after.ImageIdentifier);
        Assert.Equal("false", after.EnvironmentVariables["CLICKHOUSE_CLUSTER_ENABLED"]);
        Assert.Equal("http://clickhouse.langfuse.local:8123", after.EnvironmentVariables["CLICKHOUSE_URL"]);
        Assert.Equal("clickhouse://clickhouse.langfuse.local:9000", after.EnvironmentVariables["CLICKHOUSE_MIGRATION_URL"]);
        Assert.Equal("true", after.EnvironmentVariables["REDIS_TLS_ENABLED"]);
        Assert.Equal("langfuse-events-123456789012", after.EnvironmentVariables["LANGFUSE_S3_EVENT_UPLOAD_BUCKET"]);
        Assert.Equal("https://langfuse.example.com", after.EnvironmentVariables["NEXTAUTH_URL"]);
        Assert.Equal(MigrationSamples.SecretPrefix + "clickhouse-password-AbCdEf", after.EnvironmentSecrets["CLICKHOUSE_PASSWORD"]);
        Assert.Equal(MigrationSamples.SecretPrefix + "encryption-key-AbCdEf", after.EnvironmentSecrets["ENCRYPTION_KEY"]);
        Assert.Equal(MigrationSamples.SecretPrefix + "redis-auth-AbCdEf", after.EnvironmentSecrets["REDIS_AUTH"]);
        Assert.Equal(MigrationSamples.SecretPrefix + "database-url-AbCdEf", after.EnvironmentSecrets["DATABASE_URL"]);
        Assert.Equal("VPC", after.EgressType);
        Assert.Equal(MigrationSamples.VpcConnectorArn, after.VpcConnectorArn);
        Assert.Equal(WebHealthCheck.GenerousForStartupMigrations, after.HealthCheck);
        Assert.Equal("/api/public/health", after.HealthCheck.Path);
        Assert.False(after.AutoDeploymentsEnabled);
        Assert.Equal("1024", after.Cpu);
        Assert.Equal(MigrationSamples.V2Configuration().InstanceRoleArn, after.InstanceRoleArn);
    }

    [Fact]
    public void Evaluate_WhenV2DefinesAPlainVariableThatV3AddsAsSecret_ShouldKeepOnlyTheSecret()
    {
        var v2 = MigrationSamples.V2Configuration();
        var withPlainPassword = v2 with
        {
            EnvironmentVariables = new SortedDictionary<string, string>(v2.EnvironmentVariables.ToDictionary(), StringComparer.Ordinal) { ["CLICKHOUSE_PASSWORD"] = "plain" },
        };
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: withPlainPassword) };

        var after = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Plan!.Web.After(withPlainPassword);

        Assert.False(after.EnvironmentVariables.ContainsKey("CLICKHOUSE_PASSWORD"));
        Assert.True(after.EnvironmentSecrets.ContainsKey("CLICKHOUSE_PASSWORD"));
    }

    [Fact]
    public void Evaluate_WhenDatabaseIsUnknown_ShouldNameDatabaseIdentifier()
    {
        var observation = MigrationSamples.Observation() with { Database = null };

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        var problem = Assert.Single(outcome.Problems);
        Assert.Null(outcome.Plan);
        Assert.Equal("databaseIdentifier", problem.Field);
        Assert.Contains("langfuse-db", problem.Problem);
    }

    [Fact]
    public void Evaluate_WhenDatabaseIsNotAvailable_ShouldAskToWait()
    {
        var observation = MigrationSamples.Observation() with { Database = new DatabaseObservation("langfuse-db", DatabaseKind.AuroraCluster, "backing-up", "aurora-postgresql") };

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Contains("backing-up", problem.Problem);
    }

    [Theory]
    [InlineData("PAUSED")]
    [InlineData("OPERATION_IN_PROGRESS")]
    [InlineData("CREATE_FAILED")]
    public void Evaluate_WhenWebIsNotRunning_ShouldRefuse(string status)
    {
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(status) };

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Equal("webServiceArn", problem.Field);
        Assert.Contains($"is {status}, not RUNNING", problem.Problem);
    }

    [Fact]
    public void Evaluate_WhenWebAlreadyRunsV3_ShouldRefuse()
    {
        var observation = MigrationSamples.Observation() with
        {
            Web = MigrationSamples.Web(configuration: MigrationSamples.V2Configuration() with { ImageIdentifier = MigrationSamples.V3Image }),
        };

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Contains("already runs Langfuse 3.29.0", problem.Problem);
    }

    [Fact]
    public void Evaluate_WhenV3ImageIsOutsideTheRange_ShouldRefuseUnlessAllowed()
    {
        var settings = MigrationSamples.Settings() with { V3WebImage = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:3.112.0" };
        var observation = MigrationSamples.ObservationWithWeb(MigrationSamples.V2Configuration(), settings);

        var refused = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), observation);
        var allowed = MigrationPreflight.Evaluate(settings with { AllowImageOutsideRange = true }, MigrationSamples.Execution(), observation);

        Assert.Equal("v3WebImage", Assert.Single(refused.Problems).Field);
        Assert.True(allowed.IsReady);
    }

    [Fact]
    public void Evaluate_WhenV3SecretsAreMissing_ShouldListEveryMissingSettingAtOnce()
    {
        var settings = MigrationSamples.Settings() with
        {
            ClickHousePasswordSecretArn = "",
            ClickHouseUrl = null,
            RedisHost = " ",
            EventUploadBucket = "Not_A_Bucket",
            EncryptionKeySecretArn = "",
            VpcConnectorArn = "",
        };
        var fields = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Problems.Select(p => p.Field).ToHashSet();

        Assert.Contains("clickHousePasswordSecretArn", fields);
        Assert.Contains("clickHouseUrl", fields);
        Assert.Contains("redisHost", fields);
        Assert.Contains("eventUploadBucket", fields);
        Assert.Contains("encryptionKeySecretArn", fields);
        Assert.Contains("vpcConnectorArn", fields);
    }

    [Fact]
    public void Evaluate_WhenV2LacksNextAuthSecretOrSalt_ShouldNameTheVariable()
    {
        var v2 = MigrationSamples.V2Configuration();
        var withoutSalt = v2 with { EnvironmentSecrets = v2.EnvironmentSecrets.Where(p => p.Key != "SALT").ToDictionary() };
        var observation = MigrationSamples.ObservationWithWeb(withoutSalt);

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Equal("web.environment.SALT", problem.Field);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("not-hex", false)]
    [InlineData("0123456789abcdef", false)]
    public void Evaluate_WhenV2HasAPlainEncryptionKey_ShouldAcceptOnly64Hex(string key, bool accepted)
    {
        var v2 = MigrationSamples.V2Configuration();
        var withKey = v2 with { EnvironmentVariables = new Dictionary<string, string>(v2.EnvironmentVariables) { ["ENCRYPTION_KEY"] = key } };
        var settings = MigrationSamples.Settings() with { EncryptionKeySecretArn = "" };
        var observation = MigrationSamples.ObservationWithWeb(withKey, settings);

        var outcome = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), observation);

        Assert.Equal(accepted, outcome.IsReady);
        if (!accepted)
        {
            Assert.Equal("web.environment.ENCRYPTION_KEY", Assert.Single(outcome.Problems).Field);
        }
    }

    [Fact]
    public void Evaluate_WhenSnapshotNameOverrideIsInvalid_ShouldNameSnapshotIdentifier()
    {
        var settings = MigrationSamples.Settings() with { SnapshotIdentifier = "pre_v3--" };

        var problem = Assert.Single(MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Problems);

        Assert.Equal("snapshotIdentifier", problem.Field);
    }

    [Fact]
    public void Evaluate_WhenSnapshotNameOverrideLacksThePrefix_ShouldExplainTheRoleOnlyAllowsThePrefix()
    {
        var settings = MigrationSamples.Settings() with { SnapshotIdentifier = "before-langfuse-v3" };

        var problem = Assert.Single(MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Problems);

        Assert.Equal("snapshotIdentifier", problem.Field);
        Assert.Contains("langfuse-pre-v3-", problem.Fix);
    }

    [Fact]
    public void Evaluate_WhenSnapshotNameOverrideIsLongerThan63ForAnAuroraCluster_ShouldRefuseBeforeRdsDoes()
    {
        var settings = MigrationSamples.Settings() with { SnapshotIdentifier = SnapshotIdentifier.Prefix + new string('a', 48) };

        var problem = Assert.Single(MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Problems);

        Assert.Equal("snapshotIdentifier", problem.Field);
        Assert.Contains("63", problem.Problem);
    }

    [Fact]
    public void Evaluate_WhenTheExecutionNameHasEightyCharacters_ShouldPlanAClusterSnapshotOfAtMost63()
    {
        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(new string('r', 80)), MigrationSamples.Observation());

        Assert.True(outcome.Plan!.SnapshotIdentifier.Length <= 63, outcome.Plan.SnapshotIdentifier);
    }

    [Fact]
    public void Evaluate_WhenTheDatabaseIdentifierNamesAnAuroraMemberInstance_ShouldRefuseAndNameTheCluster()
    {
        var observation = MigrationSamples.Observation() with { Database = new DatabaseObservation("langfuse-db-instance-1", DatabaseKind.Instance, "available", "aurora-postgresql", "langfuse-db") };

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Equal("databaseIdentifier", problem.Field);
        Assert.Contains("'langfuse-db'", problem.Fix);
    }

    [Fact]
    public void Evaluate_WhenSnapshotNameOverrideIsValid_ShouldUseIt()
    {
        var settings = MigrationSamples.Settings() with { SnapshotIdentifier = "langfuse-pre-v3-before-friday" };

        Assert.Equal("langfuse-pre-v3-before-friday", MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Plan!.SnapshotIdentifier);
    }

    [Fact]
    public void Evaluate_WhenClickHouseCannotBePinnedToItsOneZoneFileSystem_ShouldRefuse()
    {
        var observation = MigrationSamples.Observation() with { FileSystem = new FileSystemObservation("fs-0123456789abcdef0", "available", "euw1-az3", []) };

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Contains("euw1-az3", problem.Problem);
    }

    [Fact]
    public void Evaluate_WhenVpcConnectorIsInAnotherRegion_ShouldRefuse()
    {
        var settings = MigrationSamples.Settings() with { VpcConnectorArn = "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/langfuse-v3/1/0123456789abcdef" };

        var problem = Assert.Single(MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Problems);

        Assert.Equal("vpcConnectorArn", problem.Field);
    }

    [Fact]
    public void Evaluate_WhenBackendServicesAreMissing_ShouldNameBoth()
    {
        var observation = MigrationSamples.Observation() with { ClickHouseService = null, WorkerService = null };

        var fields = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems.Select(p => p.Field);

        Assert.Equal(["clickHouseService", "workerService"], fields);
    }

    [Fact]
    public void Evaluate_WhenWebHasNoInstanceRole_ShouldExplainWhySecretsNeedIt()
    {
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: MigrationSamples.V2Configuration() with { InstanceRoleArn = null }) };

        var problem = Assert.Single(MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation).Problems);

        Assert.Equal("webInstanceRoleArn", problem.Field);
    }

    [Fact]
    public void Evaluate_WhenWebInstanceRoleIsGiven_ShouldGiveItToTheV3WebOnly()
    {
        var settings = MigrationSamples.Settings() with { WebInstanceRoleArn = "arn:aws:iam::123456789012:role/langfuse-v3-web" };
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: MigrationSamples.V2Configuration() with { InstanceRoleArn = null }) };

        var plan = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), observation).Plan!;

        Assert.Equal("arn:aws:iam::123456789012:role/langfuse-v3-web", plan.Web.After(observation.Web!.Configuration).InstanceRoleArn);
    }

    [Theory]
    [InlineData(0, "snapshotPollSeconds")]
    [InlineData(-1, "snapshotPollSeconds")]
    public void CheckSettings_WhenALimitIsOutOfRange_ShouldNameIt(int value, string field)
    {
        var problems = MigrationPreflight.CheckSettings(MigrationSamples.Settings() with { SnapshotPollSeconds = value });

        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Fact]
    public void CheckSettings_WhenMaxAttemptsCannotReachTheRequiredSuccesses_ShouldRefuse()
    {
        var problems = MigrationPreflight.CheckSettings(MigrationSamples.Settings() with { HealthSuccessesRequired = 5, HealthMaxAttempts = 4 });

        Assert.Equal("healthMaxAttempts", Assert.Single(problems).Field);
    }

    [Fact]
    public void CheckSettings_WhenBackendOnFailureIsUnknown_ShouldListTheChoices()
    {
        var problem = Assert.Single(MigrationPreflight.CheckSettings(MigrationSamples.Settings() with { BackendOnFailure = "delete" }));

        Assert.Contains("sleep", problem.Fix);
        Assert.Contains("leave", problem.Fix);
    }
}
