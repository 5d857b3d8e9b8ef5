using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Checks;
using LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration.Checks;

public class SecretReadabilityTests
{
    private const string V3Role = "arn:aws:iam::123456789012:role/langfuse-backend-WebInstanceRole";
    private const string KmsKey = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private readonly FakePermissionSimulator simulator = new();

    [Fact]
    public async Task CheckAsync_WhenTheV3RoleReadsEverySecret_ShouldFindNothingAndAskAboutEveryInjectedSecret()
    {
        // Act
        var problems = await new SecretReadability(simulator).CheckAsync(Settings(), MigrationSamples.Observation(), CancellationToken.None);

        // Assert: the v2 web's kept secrets and the v3 ones, for the role the v3 web will run with.
        Assert.Empty(problems);
        var question = Assert.Single(simulator.Questions);
        Assert.Equal(V3Role, question.RoleArn);
        Assert.Equal([SecretReadability.GetSecretValue], question.Actions);
        Assert.Contains(MigrationSamples.SecretPrefix + "nextauth-AbCdEf", question.ResourceArns);
        Assert.Contains(MigrationSamples.SecretPrefix + "database-url-AbCdEf", question.ResourceArns);
        Assert.Contains(MigrationSamples.SecretPrefix + "clickhouse-password-AbCdEf", question.ResourceArns);
    }

    [Fact]
    public async Task CheckAsync_WhenTheV3RoleMayNotReadV2Secrets_ShouldListThemWithTheirVariablesAndTheFix()
    {
        // Arrange: the created v3 role was given only the v3 secrets (the review's S1-2).
        simulator.Denied.Add((SecretReadability.GetSecretValue, MigrationSamples.SecretPrefix + "nextauth-AbCdEf"));
        simulator.Denied.Add((SecretReadability.GetSecretValue, MigrationSamples.SecretPrefix + "salt-AbCdEf"));

        // Act
        var problems = await new SecretReadability(simulator).CheckAsync(Settings(), MigrationSamples.Observation(), CancellationToken.None);

        // Assert
        var problem = Assert.Single(problems);
        Assert.Equal("webInstanceRoleArn", problem.Field);
        Assert.Contains("2 of the secrets", problem.Problem);
        Assert.Contains("nextauth-AbCdEf (NEXTAUTH_SECRET)", problem.Problem);
        Assert.Contains("salt-AbCdEf (SALT)", problem.Problem);
        Assert.Contains("V2WebSecretArns", problem.Fix);
        Assert.Contains("\"Action\":\"secretsmanager:GetSecretValue\"", problem.Fix);
    }

    [Fact]
    public async Task CheckAsync_WhenACustomerManagedKeyIsNamedAndNotDecryptable_ShouldRefuseNamingTheKeyAndTheSecretsBehindIt()
    {
        // Arrange
        simulator.Denied.Add((SecretReadability.Decrypt, KmsKey));

        // Act
        var problems = await new SecretReadability(simulator).CheckAsync(Settings() with { WebSecretsKmsKeyArn = KmsKey }, MigrationSamples.Observation(), CancellationToken.None);

        // Assert: kms:Decrypt asked as Secrets Manager would (kms:ViaService).
        var problem = Assert.Single(problems);
        Assert.Contains($"kms:Decrypt on {KmsKey}", problem.Problem);
        Assert.Contains("NEXTAUTH_SECRET", problem.Problem);
        var decrypt = Assert.Single(simulator.Questions, question => question.Actions.Contains(SecretReadability.Decrypt));
        Assert.Equal("secretsmanager.eu-west-1.amazonaws.com", Assert.Single(decrypt.Context).Values.Single());
    }

    [Fact]
    public async Task CheckAsync_WhenSecretsAreSsmParametersAndJsonKeys_ShouldAskGetParametersAndTheSecretItself()
    {
        // Arrange: an SSM parameter by name and a Secrets Manager JSON key reference.
        var v2 = MigrationSamples.V2Configuration() with
        {
            EnvironmentSecrets = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["DATABASE_URL"] = MigrationSamples.SecretPrefix + "database-AbCdEf:url::",
                ["NEXTAUTH_SECRET"] = "/langfuse/nextauth",
                ["SALT"] = "arn:aws:ssm:eu-west-1:123456789012:parameter/langfuse/salt",
            },
        };
        simulator.Denied.Add((SecretReadability.GetParameters, "arn:aws:ssm:eu-west-1:123456789012:parameter/langfuse/nextauth"));

        // Act
        var problems = await new SecretReadability(simulator).CheckAsync(Settings(), MigrationSamples.Observation() with { Web = MigrationSamples.Web(configuration: v2) }, CancellationToken.None);

        // Assert
        Assert.Contains("ssm:GetParameters on arn:aws:ssm:eu-west-1:123456789012:parameter/langfuse/nextauth (NEXTAUTH_SECRET)", Assert.Single(problems).Problem);
        Assert.Contains(simulator.Questions, question => question.ResourceArns.Contains(MigrationSamples.SecretPrefix + "database-AbCdEf"));
    }

    [Fact]
    public async Task CheckAsync_WhenIamRefusesToSimulate_ShouldReportItAsAProblem()
    {
        // Arrange
        simulator.Refusal = "NoSuchEntity: The role with name langfuse-backend-WebInstanceRole cannot be found.";

        // Act
        var problems = await new SecretReadability(simulator).CheckAsync(Settings(), MigrationSamples.Observation(), CancellationToken.None);

        // Assert
        Assert.Contains("NoSuchEntity", Assert.Single(problems).Problem);
    }

    [Fact]
    public async Task CheckAsync_WhenTheKmsKeyIsNotAKeyArn_ShouldNameTheFieldAndAskNothing()
    {
        // Act
        var problems = await new SecretReadability(simulator).CheckAsync(Settings() with { WebSecretsKmsKeyArn = "alias/langfuse" }, MigrationSamples.Observation(), CancellationToken.None);

        // Assert
        Assert.Equal("webSecretsKmsKeyArn", Assert.Single(problems).Field);
        Assert.Empty(simulator.Questions);
    }

    private static MigrationSettings Settings() => MigrationSamples.Settings() with { WebInstanceRoleArn = V3Role };
}
