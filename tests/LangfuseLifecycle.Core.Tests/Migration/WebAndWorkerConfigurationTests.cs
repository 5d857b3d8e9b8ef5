using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

/// <summary>The v3 web and the worker read one Langfuse configuration, run one release, and the web survives a sleeping ClickHouse.</summary>
public class WebAndWorkerConfigurationTests
{
    [Fact]
    public void Evaluate_WhenThePrefixesAreSet_ShouldGiveTheWebTheWorkersPrefixes()
    {
        var settings = MigrationSamples.Settings() with { EventUploadPrefix = "events/", MediaUploadPrefix = "media/" };
        var observation = WithWorker(container => container with
        {
            Environment = With(container.Environment, ("LANGFUSE_S3_EVENT_UPLOAD_PREFIX", "events/"), ("LANGFUSE_S3_MEDIA_UPLOAD_PREFIX", "media/")),
        });

        var outcome = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), observation);

        Assert.Empty(outcome.Problems);
        Assert.Equal("events/", outcome.Plan!.Web.Settled(observation.Web!.Configuration).EnvironmentVariables["LANGFUSE_S3_EVENT_UPLOAD_PREFIX"]);
        Assert.Equal("media/", outcome.Plan.Web.Settled(observation.Web!.Configuration).EnvironmentVariables["LANGFUSE_S3_MEDIA_UPLOAD_PREFIX"]);
    }

    [Fact]
    public void Evaluate_WhenTheWorkerUploadsUnderAPrefixTheWebDoesNotUse_ShouldRefuseNamingTheVariable()
    {
        var observation = WithWorker(container => container with
        {
            Environment = With(container.Environment, ("LANGFUSE_S3_EVENT_UPLOAD_PREFIX", "events/")),
        });

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal("workerService", problem.Field);
        Assert.Contains("LANGFUSE_S3_EVENT_UPLOAD_PREFIX (unset on the web, a plain value on the worker container 'worker')", problem.Problem);
        Assert.Contains("EventUploadPrefix", problem.Fix);
    }

    [Fact]
    public void Evaluate_WhenTheWorkerReadsAnotherSaltSecret_ShouldRefuseNamingBothSecretsButNoValue()
    {
        var observation = WithWorker(container => container with
        {
            Secrets = With(container.Secrets, ("SALT", MigrationSamples.SecretPrefix + "generated-salt-XyZ")),
            Environment = With(container.Environment, ("REDIS_HOST", "other-cache.example")),
        });

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        var problem = Assert.Single(outcome.Problems);
        Assert.Contains($"SALT (secret {MigrationSamples.SecretPrefix}salt-AbCdEf on the web, secret {MigrationSamples.SecretPrefix}generated-salt-XyZ on the worker", problem.Problem);
        Assert.Contains("REDIS_HOST (a plain value on the web, a plain value on the worker", problem.Problem);
        Assert.DoesNotContain("other-cache.example", problem.Problem);
        Assert.Contains("SaltSecretArn", problem.Fix);
    }

    [Fact]
    public void Compare_WhenTheWebIsBuiltFromTheSameSettingsAsTheWorker_ShouldMatchEverySharedVariable()
    {
        var plan = MigrationSamples.Plan();

        var mismatches = LangfuseSharedConfiguration.Compare(plan.Web.Settled(MigrationSamples.V2Configuration()), MigrationSamples.WorkerContainer());

        Assert.Empty(mismatches);
        Assert.Contains("LANGFUSE_S3_EVENT_UPLOAD_PREFIX", LangfuseSharedConfiguration.VariableNames);
        Assert.Contains("ENCRYPTION_KEY", LangfuseSharedConfiguration.VariableNames);
    }

    [Fact]
    public void Compare_WhenTheWebHasAPlainSaltAndTheWorkerASecret_ShouldNotCallThemEqual()
    {
        var v2 = MigrationSamples.V2Configuration();
        var web = v2 with
        {
            EnvironmentSecrets = new SortedDictionary<string, string>(v2.EnvironmentSecrets.Where(pair => pair.Key != "SALT").ToDictionary(), StringComparer.Ordinal),
            EnvironmentVariables = With(v2.EnvironmentVariables, ("SALT", "plain-salt")),
        };

        var mismatch = Assert.Single(LangfuseSharedConfiguration.Compare(web, MigrationSamples.WorkerContainer()), m => m.Name == "SALT");

        Assert.Equal("a plain value on the web", mismatch.Web);
    }

    [Fact]
    public void Evaluate_WhenTheWorkerRunsAnotherRelease_ShouldRefuseWithTheWebsTag()
    {
        var observation = WithWorker(container => container with { Image = "langfuse/langfuse-worker:3.112.0" });

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        var problem = Assert.Single(outcome.Problems);
        Assert.Contains("same Langfuse release", problem.Problem);
        Assert.Contains("langfuse/langfuse-worker:3.29.0", problem.Fix);
    }

    [Fact]
    public void Evaluate_WhenTheWorkerFloatsOnTheMajorTag_ShouldRefuse()
    {
        var observation = WithWorker(container => container with { Image = "langfuse/langfuse-worker:3" });

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        Assert.Contains(outcome.Problems, problem => problem.Problem.Contains("same Langfuse release", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WhenTheWorkerContainerCannotBeRead_ShouldRefuse()
    {
        var observation = MigrationSamples.Observation() with { WorkerService = MigrationSamples.Observation().WorkerService! with { Container = null } };

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        Assert.Equal("workerService", Assert.Single(outcome.Problems).Field);
    }

    [Fact]
    public void Evaluate_WhenReady_ShouldSettleTheWebWithoutClickHouseMigrationsAtStartButSwitchWithThem()
    {
        var plan = MigrationSamples.Plan();

        var (after, settled) = (plan.Web.After(MigrationSamples.V2Configuration()), plan.Web.Settled(MigrationSamples.V2Configuration()));

        Assert.Equal("true", settled.EnvironmentVariables["LANGFUSE_AUTO_CLICKHOUSE_MIGRATION_DISABLED"]);
        Assert.False(after.EnvironmentVariables.ContainsKey("LANGFUSE_AUTO_CLICKHOUSE_MIGRATION_DISABLED"));
        Assert.True(settled with { EnvironmentVariables = after.EnvironmentVariables } is var same && same.SameAs(after));
    }

    [Theory]
    [InlineData("public.ecr.aws/langfuse/langfuse:3.29.0", "ECR_PUBLIC")]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:3.29.0", "ECR")]
    [InlineData("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/langfuse:3.29.0", "ECR")]
    [InlineData("langfuse/langfuse:3.29.0", null)]
    [InlineData("docker.io/langfuse/langfuse:3.29.0", null)]
    [InlineData("ghcr.io/langfuse/langfuse:3.29.0", null)]
    public void RepositoryTypeOf_WhenGivenAnImage_ShouldNameWhatAppRunnerPullsFrom(string image, string? expected)
    {
        Assert.Equal(expected, ImageSource.RepositoryTypeOf(image));
    }

    [Fact]
    public void Evaluate_WhenV2IsOnEcrPublicAndV3InPrivateEcr_ShouldSwitchTypeAndUseTheV3AccessRole()
    {
        var v2 = MigrationSamples.V2Configuration() with { ImageIdentifier = "public.ecr.aws/langfuse/langfuse:2.95.1", ImageRepositoryType = "ECR_PUBLIC", AccessRoleArn = null };
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: v2) };
        var settings = MigrationSamples.Settings() with { WebImageAccessRoleArn = "arn:aws:iam::123456789012:role/apprunner-ecr-pull" };

        var after = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), observation).Plan!.Web.After(v2);

        Assert.Equal("ECR", after.ImageRepositoryType);
        Assert.Equal("arn:aws:iam::123456789012:role/apprunner-ecr-pull", after.AccessRoleArn);
    }

    [Fact]
    public void Evaluate_WhenV3IsOnEcrPublic_ShouldDropTheAccessRole()
    {
        var settings = MigrationSamples.Settings() with { V3WebImage = "public.ecr.aws/langfuse/langfuse:3.29.0" };

        var after = MigrationPreflight.Evaluate(settings, MigrationSamples.Execution(), MigrationSamples.Observation()).Plan!.Web.After(MigrationSamples.V2Configuration());

        Assert.Equal("ECR_PUBLIC", after.ImageRepositoryType);
        Assert.Null(after.AccessRoleArn);
    }

    [Fact]
    public void Evaluate_WhenTheV3ImageIsInPrivateEcrAndNoAccessRoleIsNamed_ShouldRefuseNamingTheSetting()
    {
        var v2 = MigrationSamples.V2Configuration() with { ImageIdentifier = "public.ecr.aws/langfuse/langfuse:2.95.1", ImageRepositoryType = "ECR_PUBLIC", AccessRoleArn = null };
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: v2) };

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal("webImageAccessRoleArn", problem.Field);
        Assert.Contains("V3WebImageAccessRoleArn", problem.Fix);
    }

    [Fact]
    public void CheckSettings_WhenTheV3ImageIsOnDockerHub_ShouldRefuseWithThePullThroughCacheFix()
    {
        var settings = MigrationSamples.Settings() with { V3WebImage = "langfuse/langfuse:3.29.0" };

        var problem = Assert.Single(MigrationPreflight.CheckSettings(settings));

        Assert.Equal("v3WebImage", problem.Field);
        Assert.Contains("pull-through cache", problem.Fix);
    }

    [Fact]
    public void Evaluate_WhenTheWebServiceIsPrivate_ShouldRefuseWithTheReason()
    {
        var v2 = MigrationSamples.V2Configuration() with { IsPubliclyAccessible = false };
        var observation = MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: v2) };

        var outcome = MigrationPreflight.Evaluate(MigrationSamples.Settings(), MigrationSamples.Execution(), observation);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal("webServiceArn", problem.Field);
        Assert.Contains("IsPubliclyAccessible=false", problem.Problem);
    }

    private static MigrationObservation WithWorker(Func<ContainerObservation, ContainerObservation> change)
    {
        var observation = MigrationSamples.Observation();
        return observation with { WorkerService = observation.WorkerService! with { Container = change(MigrationSamples.WorkerContainer()) } };
    }

    private static SortedDictionary<string, string> With(IReadOnlyDictionary<string, string> source, params (string Name, string Value)[] changes)
    {
        var copy = new SortedDictionary<string, string>(source.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            copy[name] = value;
        }

        return copy;
    }
}
