namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// What the v3 web changes on the v2 configuration: stack settings, secret ARNs and role ARNs only. It carries no v2
/// value (a v2 plain variable may hold DATABASE_URL with its password), so it may travel in the plan through the
/// execution's history; the switch applies it to the v2 configuration it recorded (<see cref="WebConfigurationRecord"/>).
/// </summary>
public sealed record WebV3Changes
{
    public required string ImageIdentifier { get; init; }
    public required string ImageRepositoryType { get; init; }
    public string? AccessRoleArn { get; init; }
    /// <summary>Plain variables v3 sets (ClickHouse, Redis, S3 settings).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    /// <summary>Plain variables v3 removes (an upload prefix left at Langfuse's default, the settled-only ClickHouse flag).</summary>
    public IReadOnlyList<string> RemovedVariables { get; init; } = [];
    /// <summary>Secrets v3 adds (name → Secrets Manager or SSM parameter ARN); a plain variable of the same name is removed.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public required string EgressType { get; init; }
    public string? VpcConnectorArn { get; init; }
    public string? InstanceRoleArn { get; init; }
    public required WebHealthCheck HealthCheck { get; init; }

    /// <summary>The v3 web configuration: <paramref name="v2"/> (every variable, secret and setting kept) with these changes.</summary>
    public WebConfiguration ApplyTo(WebConfiguration v2)
    {
        var variables = new SortedDictionary<string, string>(v2.EnvironmentVariables.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, value) in Variables)
        {
            variables[name] = value;
        }

        var secrets = new SortedDictionary<string, string>(v2.EnvironmentSecrets.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, arn) in Secrets)
        {
            secrets[name] = arn;
        }

        // App Runner rejects a name that is both a plain variable and a secret.
        foreach (var name in RemovedVariables.Concat(secrets.Keys))
        {
            variables.Remove(name);
        }

        return v2 with
        {
            ImageIdentifier = ImageIdentifier,
            ImageRepositoryType = ImageRepositoryType,
            AccessRoleArn = AccessRoleArn,
            EnvironmentVariables = variables,
            EnvironmentSecrets = secrets,
            EgressType = EgressType,
            VpcConnectorArn = VpcConnectorArn,
            InstanceRoleArn = InstanceRoleArn,
            HealthCheck = HealthCheck,
            // A push to the repository must not redeploy the web in the middle of the migration.
            AutoDeploymentsEnabled = false,
        };
    }
}
