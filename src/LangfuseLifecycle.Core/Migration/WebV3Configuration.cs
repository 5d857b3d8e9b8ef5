namespace LangfuseLifecycle.Core.Migration;

/// <summary>Builds the v3 web configuration from the recorded v2 one: same service, same database, v3 additions on top.</summary>
public static class WebV3Configuration
{
    /// <summary>
    /// Keeps every v2 variable and secret (DATABASE_URL, NEXTAUTH_*, SALT, SSO, …) and adds what v3 needs.
    /// A name that becomes a secret is removed from the plain variables: App Runner rejects a name in both.
    /// </summary>
    public static WebConfiguration Build(WebConfiguration v2, MigrationSettings settings, string v3Image)
    {
        var variables = new SortedDictionary<string, string>(v2.EnvironmentVariables.ToDictionary(), StringComparer.Ordinal)
        {
            ["CLICKHOUSE_URL"] = settings.ClickHouseUrl!,
            ["CLICKHOUSE_MIGRATION_URL"] = settings.ClickHouseMigrationUrl!,
            ["CLICKHOUSE_USER"] = settings.ClickHouseUser!,
            // Single ClickHouse node on ECS: the default (true) expects a replicated cluster and fails the migrations.
            ["CLICKHOUSE_CLUSTER_ENABLED"] = "false",
            ["REDIS_HOST"] = settings.RedisHost!,
            ["REDIS_PORT"] = settings.RedisPort!,
            ["REDIS_TLS_ENABLED"] = string.Equals(settings.RedisTlsEnabled, "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false",
            ["LANGFUSE_S3_EVENT_UPLOAD_BUCKET"] = settings.EventUploadBucket!,
            ["LANGFUSE_S3_EVENT_UPLOAD_REGION"] = settings.S3Region!,
            ["LANGFUSE_S3_MEDIA_UPLOAD_BUCKET"] = settings.MediaUploadBucket!,
            ["LANGFUSE_S3_MEDIA_UPLOAD_REGION"] = settings.S3Region!,
        };

        var secrets = new SortedDictionary<string, string>(v2.EnvironmentSecrets.ToDictionary(), StringComparer.Ordinal)
        {
            ["CLICKHOUSE_PASSWORD"] = settings.ClickHousePasswordSecretArn!,
        };
        if (!string.IsNullOrWhiteSpace(settings.RedisAuthSecretArn))
        {
            secrets["REDIS_AUTH"] = settings.RedisAuthSecretArn;
        }

        if (!v2.Defines("ENCRYPTION_KEY") && !string.IsNullOrWhiteSpace(settings.EncryptionKeySecretArn))
        {
            secrets["ENCRYPTION_KEY"] = settings.EncryptionKeySecretArn;
        }

        foreach (var name in secrets.Keys)
        {
            variables.Remove(name);
        }

        return v2 with
        {
            ImageIdentifier = v3Image,
            EnvironmentVariables = variables,
            EnvironmentSecrets = secrets,
            // v3 reaches ClickHouse and Redis inside the VPC; App Runner's default egress is the public internet only.
            EgressType = "VPC",
            VpcConnectorArn = settings.VpcConnectorArn,
            InstanceRoleArn = string.IsNullOrWhiteSpace(settings.WebInstanceRoleArn) ? v2.InstanceRoleArn : settings.WebInstanceRoleArn,
            HealthCheck = WebHealthCheck.GenerousForStartupMigrations,
            // A push to the repository must not redeploy the web in the middle of the migration.
            AutoDeploymentsEnabled = false,
        };
    }
}
