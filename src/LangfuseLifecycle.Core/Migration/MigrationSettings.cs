namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// The merged settings of one execution: stack parameters as defaults, the execution input on top.
/// Values arrive as the user typed them; <see cref="MigrationPreflight"/> validates every one and names the field at fault.
/// </summary>
public sealed record MigrationSettings
{
    public string? DatabaseIdentifier { get; init; }
    public string? WebServiceArn { get; init; }
    public string? V3WebImage { get; init; }
    /// <summary>Role App Runner pulls a private ECR v3 image with; empty keeps the v2 web's access role.</summary>
    public string? WebImageAccessRoleArn { get; init; }
    public bool AllowImageOutsideRange { get; init; }
    public bool AllowFloatingImageTag { get; init; }
    public string? EcsCluster { get; init; }
    public string? ClickHouseService { get; init; }
    public string? WorkerService { get; init; }
    public string? ClickHouseFileSystemId { get; init; }
    public string? VpcConnectorArn { get; init; }
    /// <summary>Instance role for the v3 web (S3 buckets, secrets); empty keeps the v2 web's role.</summary>
    public string? WebInstanceRoleArn { get; init; }
    public string? ClickHouseUrl { get; init; }
    public string? ClickHouseMigrationUrl { get; init; }
    public string? ClickHouseUser { get; init; }
    public string? ClickHousePasswordSecretArn { get; init; }
    public string? RedisHost { get; init; }
    public string? RedisPort { get; init; }
    public string? RedisAuthSecretArn { get; init; }
    public string? RedisTlsEnabled { get; init; }
    public string? EventUploadBucket { get; init; }
    public string? MediaUploadBucket { get; init; }
    public string? S3Region { get; init; }
    /// <summary>LANGFUSE_S3_EVENT_UPLOAD_PREFIX of both the web and the worker (Langfuse's default is "").</summary>
    public string? EventUploadPrefix { get; init; }
    /// <summary>LANGFUSE_S3_MEDIA_UPLOAD_PREFIX of both the web and the worker.</summary>
    public string? MediaUploadPrefix { get; init; }
    public string? EncryptionKeySecretArn { get; init; }
    /// <summary>Customer-managed KMS key of the web's secrets (preflight checks kms:Decrypt on it); empty for AWS-managed keys.</summary>
    public string? WebSecretsKmsKeyArn { get; init; }
    public string? WorkerHealthUrl { get; init; }
    public string? BackendOnFailure { get; init; }
    /// <summary>Optional override of <c>langfuse-pre-v3-&lt;execution name&gt;</c>.</summary>
    public string? SnapshotIdentifier { get; init; }
    public bool DryRun { get; init; }
    public int SnapshotPollSeconds { get; init; } = 30;
    public int SnapshotMaxPolls { get; init; } = 240;
    public int BackendPollSeconds { get; init; } = 15;
    public int BackendMaxPolls { get; init; } = 40;
    public int HealthPollSeconds { get; init; } = 10;
    public int HealthSuccessesRequired { get; init; } = 3;
    public int HealthMaxAttempts { get; init; } = 60;
    public int WebPollSeconds { get; init; } = 20;
    public int WebMaxPolls { get; init; } = 90;
}

/// <summary>Who is asking: the execution's name (for the snapshot identifier and the v2 web record) and ARNs (to find concurrent executions).</summary>
/// <param name="V2RecordPrefix">The stack's SSM path for the v2 web records (<see cref="WebConfigurationRecord"/>).</param>
public sealed record ExecutionIdentity(string Name, string ExecutionArn, string StateMachineArn, string V2RecordPrefix = WebConfigurationRecord.DefaultPrefix);
