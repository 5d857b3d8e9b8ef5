namespace LangfuseLifecycle.Core.Migration;

/// <summary>Builds the v3 web configuration from the recorded v2 one: same service, same database, v3 additions on top.</summary>
public static class WebV3Configuration
{
    /// <summary>
    /// Keeps every v2 variable and secret (DATABASE_URL, NEXTAUTH_*, SALT, SSO, …) and adds what v3 needs.
    /// A name that becomes a secret is removed from the plain variables: App Runner rejects a name in both.
    /// </summary>
    public static WebConfiguration Build(WebConfiguration v2, MigrationSettings settings, string v3Image) =>
        Changes(v2, settings, v3Image).ApplyTo(v2);

    /// <summary>
    /// What v3 changes on <paramref name="v2"/>: only settings, secret ARNs and role ARNs, never a v2 value, so the
    /// plan can carry it through the execution's history.
    /// </summary>
    public static WebV3Changes Changes(WebConfiguration v2, MigrationSettings settings, string v3Image)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
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
        // The first v3 start must create ClickHouse's schema; only the settled web skips it (see Settled).
        var removed = new SortedSet<string>(StringComparer.Ordinal) { AutoClickHouseMigrationDisabled };
        // The worker lists uploads under its own prefix: the web must upload under the very same one.
        SetOrRemove(variables, removed, "LANGFUSE_S3_EVENT_UPLOAD_PREFIX", settings.EventUploadPrefix);
        SetOrRemove(variables, removed, "LANGFUSE_S3_MEDIA_UPLOAD_PREFIX", settings.MediaUploadPrefix);

        var secrets = new SortedDictionary<string, string>(StringComparer.Ordinal)
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

        var repositoryType = ImageSource.RepositoryTypeOf(v3Image) ?? v2.ImageRepositoryType;
        return new WebV3Changes
        {
            ImageIdentifier = v3Image,
            // The repository type and the pull role follow the v3 image, not the v2 one (ECR Public takes no role).
            ImageRepositoryType = repositoryType,
            AccessRoleArn = repositoryType == ImageSource.PublicEcr
                ? null
                : string.IsNullOrWhiteSpace(settings.WebImageAccessRoleArn) ? v2.AccessRoleArn : settings.WebImageAccessRoleArn,
            Variables = variables,
            RemovedVariables = [.. removed],
            Secrets = secrets,
            // v3 reaches ClickHouse and Redis inside the VPC; App Runner's default egress is the public internet only.
            EgressType = "VPC",
            VpcConnectorArn = settings.VpcConnectorArn,
            InstanceRoleArn = string.IsNullOrWhiteSpace(settings.WebInstanceRoleArn) ? v2.InstanceRoleArn : settings.WebInstanceRoleArn,
            HealthCheck = WebHealthCheck.GenerousForStartupMigrations,
        };
    }

    public const string AutoClickHouseMigrationDisabled = "LANGFUSE_AUTO_CLICKHOUSE_MIGRATION_DISABLED";

    /// <summary>
    /// The web as it runs after the migration: like <paramref name="switched"/>, but a new container no longer runs the
    /// ClickHouse migrations at start (langfuse v3.29.0 web/entrypoint.sh skips them when
    /// LANGFUSE_AUTO_CLICKHOUSE_MIGRATION_DISABLED is "true" and otherwise exits when they fail). ClickHouse sleeps at
    /// night; an App Runner scale-out or instance replacement then would crash-loop.
    /// </summary>
    public static WebConfiguration Settled(WebConfiguration switched)
    {
        var variables = new SortedDictionary<string, string>(switched.EnvironmentVariables.ToDictionary(), StringComparer.Ordinal)
        {
            [AutoClickHouseMigrationDisabled] = "true",
        };
        return switched with { EnvironmentVariables = variables };
    }

    private static void SetOrRemove(SortedDictionary<string, string> variables, SortedSet<string> removed, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            removed.Add(name);
        }
        else
        {
            variables[name] = value;
        }
    }
}
