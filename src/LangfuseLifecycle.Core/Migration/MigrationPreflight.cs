using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// The preflight rules over settings and observed state. Collects every problem instead of stopping at the first,
/// so one failed run tells the operator everything to fix.
/// </summary>
public static partial class MigrationPreflight
{
    private const string SnapshotIdentifierFix =
        "Use letters, digits and single hyphens, starting with a letter, at most 63 characters for an Aurora cluster (255 for a DB instance), or omit it to get langfuse-pre-v3-<execution name>.";

    private static readonly string[] RequiredV2Secrets = ["NEXTAUTH_SECRET", "SALT", "NEXTAUTH_URL"];

    /// <summary>Settings checks that need no AWS call; run first so bad input never reaches AWS.</summary>
    public static IReadOnlyList<PreflightProblem> CheckSettings(MigrationSettings settings)
    {
        var problems = new List<PreflightProblem>();
        Require(problems, settings.DatabaseIdentifier, "databaseIdentifier", "Set the DatabaseIdentifier stack parameter (Aurora cluster or RDS instance identifier) or pass {\"databaseIdentifier\": \"...\"}.");
        if (!IsArn(settings.WebServiceArn, "apprunner", "service"))
        {
            problems.Add(new("webServiceArn", $"'{settings.WebServiceArn}' is not an App Runner service ARN.", "Set WebServiceArn to arn:aws:apprunner:<region>:<account>:service/<name>/<id>."));
        }

        Require(problems, settings.EcsCluster, "ecsCluster", "Set the EcsClusterName stack parameter to the cluster running ClickHouse and the worker.");
        Require(problems, settings.ClickHouseService, "clickHouseService", "Set the ClickHouseServiceName stack parameter.");
        Require(problems, settings.WorkerService, "workerService", "Set the WorkerServiceName stack parameter.");
        if (string.IsNullOrWhiteSpace(settings.ClickHouseFileSystemId) || !FileSystemIdPattern().IsMatch(settings.ClickHouseFileSystemId))
        {
            problems.Add(new("clickHouseFileSystemId", $"'{settings.ClickHouseFileSystemId}' is not an EFS file system id.", "Set ClickHouseFileSystemId to the fs-… id that holds /var/lib/clickhouse."));
        }

        if (!IsArn(settings.VpcConnectorArn, "apprunner", "vpcconnector"))
        {
            problems.Add(new("vpcConnectorArn", $"'{settings.VpcConnectorArn}' is not an App Runner VPC connector ARN.", "Create a VPC connector in the ClickHouse/Redis VPC and set VpcConnectorArn to its ARN; v3 web needs VPC egress."));
        }

        if (!IsHttpUrl(settings.ClickHouseUrl))
        {
            problems.Add(new("clickHouseUrl", $"'{settings.ClickHouseUrl}' is not an http(s) URL.", "Set ClickHouseUrl to http://<clickhouse-host>:8123."));
        }

        if (!Uri.TryCreate(settings.ClickHouseMigrationUrl, UriKind.Absolute, out var migrationUrl) || migrationUrl.Scheme != "clickhouse")
        {
            problems.Add(new("clickHouseMigrationUrl", $"'{settings.ClickHouseMigrationUrl}' is not a clickhouse:// URL.", "Set ClickHouseMigrationUrl to clickhouse://<clickhouse-host>:9000."));
        }

        Require(problems, settings.ClickHouseUser, "clickHouseUser", "Set ClickHouseUser to the ClickHouse user Langfuse connects as.");
        RequireSecretArn(problems, settings.ClickHousePasswordSecretArn, "clickHousePasswordSecretArn", "the ClickHouse password");
        Require(problems, settings.RedisHost, "redisHost", "Set RedisHost to the ElastiCache (Valkey/Redis ≥ 7, maxmemory-policy noeviction) endpoint.");
        if (!int.TryParse(settings.RedisPort, out var port) || port is < 1 or > 65535)
        {
            problems.Add(new("redisPort", $"'{settings.RedisPort}' is not a TCP port.", "Set RedisPort, usually 6379."));
        }

        if (!string.IsNullOrWhiteSpace(settings.RedisAuthSecretArn))
        {
            RequireSecretArn(problems, settings.RedisAuthSecretArn, "redisAuthSecretArn", "the Redis AUTH token");
        }

        if (settings.RedisTlsEnabled is not ("true" or "false" or "True" or "False"))
        {
            problems.Add(new("redisTlsEnabled", $"'{settings.RedisTlsEnabled}' is not true or false.", "Set RedisTlsEnabled to true when the cache has in-transit encryption, else false."));
        }

        RequireBucket(problems, settings.EventUploadBucket, "eventUploadBucket");
        RequireBucket(problems, settings.MediaUploadBucket, "mediaUploadBucket");
        Require(problems, settings.S3Region, "s3Region", "Set s3Region to the buckets' region.");
        if (!string.IsNullOrWhiteSpace(settings.EncryptionKeySecretArn))
        {
            RequireSecretArn(problems, settings.EncryptionKeySecretArn, "encryptionKeySecretArn", "ENCRYPTION_KEY (64 hex characters, `openssl rand -hex 32`)");
        }

        if (!string.IsNullOrWhiteSpace(settings.WebInstanceRoleArn) && !IsArn(settings.WebInstanceRoleArn, "iam", "role/"))
        {
            problems.Add(new("webInstanceRoleArn", $"'{settings.WebInstanceRoleArn}' is not an IAM role ARN.", "Set WebInstanceRoleArn to arn:aws:iam::<account>:role/<name>, or leave it empty to keep the v2 web's instance role."));
        }

        if (!IsHttpUrl(settings.WorkerHealthUrl))
        {
            problems.Add(new("workerHealthUrl", $"'{settings.WorkerHealthUrl}' is not an http(s) URL.", "Set WorkerHealthUrl to http://<worker-host>:3030/api/health (reachable from the VPC)."));
        }

        if (settings.BackendOnFailure is not ("sleep" or "leave"))
        {
            problems.Add(new("backendOnFailure", $"'{settings.BackendOnFailure}' is neither sleep nor leave.", "Set BackendOnFailure to sleep (stop ClickHouse and worker again) or leave (keep them running for diagnosis)."));
        }

        // The database kind (and so the 63- or 255-character limit) is known only once RDS is read; Evaluate checks the length.
        if (settings.SnapshotIdentifier is { Length: > 0 } && SnapshotIdentifier.Explain(settings.SnapshotIdentifier, DatabaseKind.Instance) is { } why)
        {
            problems.Add(new("snapshotIdentifier", $"'{settings.SnapshotIdentifier}' is not a valid RDS snapshot identifier: {why}.", SnapshotIdentifierFix));
        }
        else if (settings.SnapshotIdentifier is { Length: > 0 } && !settings.SnapshotIdentifier.StartsWith(SnapshotIdentifier.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            // The snapshot function's role may create only langfuse-pre-v3-* snapshots (least privilege).
            problems.Add(new("snapshotIdentifier", $"'{settings.SnapshotIdentifier}' does not start with {SnapshotIdentifier.Prefix}, the only snapshot names the migration may create.", $"Use a name starting with {SnapshotIdentifier.Prefix}, or omit it to get {SnapshotIdentifier.Prefix}<execution name>."));
        }

        var targetProblems = SideBySideRange.CheckTargetV3(settings.V3WebImage, settings.AllowImageOutsideRange, settings.AllowFloatingImageTag);
        problems.AddRange(targetProblems);
        if (targetProblems.Count == 0 && ImageSource.RepositoryTypeOf(settings.V3WebImage) is null)
        {
            problems.Add(new("v3WebImage", $"App Runner pulls only from Amazon ECR or ECR Public, not from '{settings.V3WebImage}'.",
                "Mirror the image into your account with an ECR pull-through cache rule for Docker Hub (`aws ecr create-pull-through-cache-rule --ecr-repository-prefix docker-hub --upstream-registry-url registry-1.docker.io --credential-arn <secret>`), then set V3WebImage to <account>.dkr.ecr.<region>.amazonaws.com/docker-hub/langfuse/langfuse:<tag> and V3WebImageAccessRoleArn to a role App Runner (build.apprunner.amazonaws.com) may assume with ECR pull access."));
        }

        if (!string.IsNullOrWhiteSpace(settings.WebImageAccessRoleArn) && !IsArn(settings.WebImageAccessRoleArn, "iam", "role/"))
        {
            problems.Add(new("webImageAccessRoleArn", $"'{settings.WebImageAccessRoleArn}' is not an IAM role ARN.", "Set V3WebImageAccessRoleArn to arn:aws:iam::<account>:role/<name> (trusted by build.apprunner.amazonaws.com, ECR pull access), or leave it empty to keep the v2 web's access role."));
        }

        var problemsBeforeLimits = problems.Count;
        Positive(problems, settings.SnapshotPollSeconds, "snapshotPollSeconds", 1, 3600);
        Positive(problems, settings.SnapshotMaxPolls, "snapshotMaxPolls", 1, 10_000);
        Positive(problems, settings.BackendPollSeconds, "backendPollSeconds", 1, 3600);
        Positive(problems, settings.BackendMaxPolls, "backendMaxPolls", 1, 10_000);
        Positive(problems, settings.HealthPollSeconds, "healthPollSeconds", 1, 3600);
        Positive(problems, settings.HealthSuccessesRequired, "healthSuccessesRequired", 1, 100);
        Positive(problems, settings.HealthMaxAttempts, "healthMaxAttempts", settings.HealthSuccessesRequired, 10_000);
        Positive(problems, settings.WebPollSeconds, "webPollSeconds", 1, 3600);
        Positive(problems, settings.WebMaxPolls, "webMaxPolls", 1, 10_000);
        if (problems.Count == problemsBeforeLimits)
        {
            CheckHistoryBudget(problems, settings);
        }

        return problems;
    }

    /// <summary>
    /// An execution whose history passes 25,000 events fails outright, uncaught: after the switch, with the web on v3
    /// and no rollback. So the worst case of the poll limits (every loop to its limit) must stay within it.
    /// </summary>
    private static void CheckHistoryBudget(List<PreflightProblem> problems, MigrationSettings settings)
    {
        var worstCase = MigrationHistoryBudget.WorstCase(settings);
        if (worstCase <= MigrationHistoryBudget.Limit)
        {
            return;
        }

        var contributions = MigrationHistoryBudget.Contributions(settings);
        var largest = contributions[0];
        var perUnit = MigrationHistoryBudget.Loops.Where(loop => loop.Setting == largest.Setting).Sum(loop => loop.EventsPerIteration);
        var excess = worstCase - MigrationHistoryBudget.Limit;
        var lowerTo = Math.Max(1, largest.Value - (excess + perUnit - 1) / perUnit);
        problems.Add(new(largest.Setting,
            $"With these poll limits an execution could write {worstCase:N0} Step Functions history events, more than the {MigrationHistoryBudget.Limit:N0} an execution may hold; the event past the limit fails the execution with no Catch, so no rollback. " +
            $"Events at the limits: {string.Join(", ", contributions.Select(c => $"{c.Setting}={c.Value} → {c.Events:N0}"))}, plus {MigrationHistoryBudget.FixedEvents:N0} for the other states and retries.",
            $"Lower {largest.Setting} to at most {lowerTo} (or lower the other limits) and wait as long with fewer polls by raising its poll interval ({PollSecondsOf(largest.Setting)}): the wait is poll seconds × polls."));
    }

    private static string PollSecondsOf(string limit) => limit switch
    {
        "snapshotMaxPolls" => "snapshotPollSeconds",
        "backendMaxPolls" => "backendPollSeconds",
        "healthMaxAttempts" => "healthPollSeconds",
        _ => "webPollSeconds",
    };

    /// <summary>All rules over settings and observed state: a plan when nothing blocks, else every problem.</summary>
    public static PreflightOutcome Evaluate(MigrationSettings settings, ExecutionIdentity execution, MigrationObservation observed)
    {
        var problems = new List<PreflightProblem>(CheckSettings(settings));
        var settingsValid = problems.Count == 0;

        var database = observed.Database;
        if (database is null)
        {
            problems.Add(new("databaseIdentifier", $"No Aurora cluster or RDS instance named '{settings.DatabaseIdentifier}' exists in this account and region.", "Set databaseIdentifier to the identifier of the Langfuse PostgreSQL cluster (see `aws rds describe-db-clusters`)."));
        }
        else if (database.MemberOfCluster is { } cluster)
        {
            problems.Add(new("databaseIdentifier", $"'{database.Identifier}' is a member instance of Aurora cluster '{cluster}'; the cluster is what gets snapshotted, and the functions' IAM policies allow only the configured name.", $"Set the DatabaseIdentifier stack parameter to '{cluster}' (the cluster identifier) and update the stack."));
        }
        else if (!database.IsAvailable)
        {
            problems.Add(new("databaseIdentifier", $"Database '{database.Identifier}' is '{database.Status}', not available.", "Wait until the database is available (no maintenance, backup restore or scaling in progress), then start again."));
        }

        if (database is not null && settings.SnapshotIdentifier is { Length: > 0 } requestedSnapshot
            && SnapshotIdentifier.Explain(requestedSnapshot, DatabaseKind.Instance) is null
            && SnapshotIdentifier.Explain(requestedSnapshot, database.Kind) is { } tooLong)
        {
            problems.Add(new("snapshotIdentifier", $"'{requestedSnapshot}' is not a valid RDS snapshot identifier for '{database.Identifier}': {tooLong}.", SnapshotIdentifierFix));
        }

        var web = observed.Web;
        if (web is null)
        {
            problems.Add(new("webServiceArn", $"No App Runner service '{settings.WebServiceArn}' exists.", "Set webServiceArn to the ARN of the Langfuse v2 web service."));
        }
        else
        {
            if (!web.IsRunning)
            {
                problems.Add(new("webServiceArn", $"The web service is {web.Status}, not RUNNING.", web.Status == "PAUSED" ? "Resume the service, then start again." : "Wait for the current App Runner operation to finish (or fix the failed service) and start again."));
            }

            problems.AddRange(SideBySideRange.CheckCurrentV2(web.Configuration.ImageIdentifier, settings.AllowFloatingImageTag));
            foreach (var name in RequiredV2Secrets.Where(name => !web.Configuration.Defines(name)))
            {
                problems.Add(new($"web.environment.{name}", $"The v2 web does not define {name}; v3 needs it unchanged.", $"Add {name} to the web service (same value v2 uses) before migrating."));
            }

            CheckEncryptionKey(problems, web.Configuration, settings);
            if (!web.Configuration.IsPubliclyAccessible)
            {
                // The web probe runs outside the VPC and reaches only the public service URL; a private service would
                // look unhealthy on every probe and be rolled back every time.
                problems.Add(new("webServiceArn", "The web service is private (IsPubliclyAccessible=false): the migration's health probe calls the public service URL and could never reach it, so every switch would be rolled back.",
                    "Migrate while the service is public (App Runner networking: incoming traffic Public endpoint) and make it private again afterwards, or switch it by hand."));
            }

            if (ImageSource.RepositoryTypeOf(settings.V3WebImage) == ImageSource.PrivateEcr
                && string.IsNullOrWhiteSpace(settings.WebImageAccessRoleArn) && string.IsNullOrWhiteSpace(web.Configuration.AccessRoleArn))
            {
                problems.Add(new("webImageAccessRoleArn", $"'{settings.V3WebImage}' is in private ECR, which App Runner pulls only with an access role, and neither V3WebImageAccessRoleArn nor the v2 web names one.",
                    "Create a role trusted by build.apprunner.amazonaws.com with the AWSAppRunnerServicePolicyForECRAccess managed policy and set the V3WebImageAccessRoleArn stack parameter (or webImageAccessRoleArn in the input) to its ARN."));
            }
            if (string.IsNullOrWhiteSpace(web.Configuration.InstanceRoleArn) && string.IsNullOrWhiteSpace(settings.WebInstanceRoleArn))
            {
                problems.Add(new("webInstanceRoleArn", "Neither webInstanceRoleArn nor the v2 web names an instance role, so the v3 web could read neither its secrets (ClickHouse password, ENCRYPTION_KEY) nor the S3 buckets.", "Set WebInstanceRoleArn to a role App Runner may assume (tasks.apprunner.amazonaws.com) with secret and bucket access."));
            }

            // App Runner attaches only a connector of the service's own account and region. Whether it is ACTIVE is checked
            // by UpdateService itself, synchronously: a refused switch goes to the rollback, which finds v2 unchanged.
            if (IsArn(settings.VpcConnectorArn, "apprunner", "vpcconnector") && !SameAccountAndRegion(settings.VpcConnectorArn!, web.ServiceArn))
            {
                problems.Add(new("vpcConnectorArn", $"VPC connector '{settings.VpcConnectorArn}' is not in the web service's account and region.", "Create the VPC connector next to the App Runner service and set vpcConnectorArn to it."));
            }
        }

        CheckService(problems, observed.ClickHouseService, "clickHouseService", settings.ClickHouseService, settings.EcsCluster);
        CheckService(problems, observed.WorkerService, "workerService", settings.WorkerService, settings.EcsCluster);
        if (settingsValid && web is not null && observed.WorkerService is { Status: "ACTIVE" } worker)
        {
            CheckWorkerMatchesWeb(problems, worker, WebV3Configuration.Build(web.Configuration, settings, settings.V3WebImage ?? ""), settings);
        }

        CheckFileSystem(problems, observed.FileSystem, settings.ClickHouseFileSystemId);

        if (problems.Count > 0 || database is null || web is null)
        {
            return new PreflightOutcome(null, Deduplicate(problems));
        }

        var plan = new MigrationPlan
        {
            DryRun = settings.DryRun,
            // An unset stack parameter arrives as "": the default name then.
            SnapshotIdentifier = settings.SnapshotIdentifier is { Length: > 0 } requested ? requested : SnapshotIdentifier.ForExecution(execution.Name, database.Kind),
            Database = new DatabaseTarget(database.Identifier, database.Kind),
            Web = WebPlanFor(web, settings, execution),
            Rollback = new WebRollbackRecord(web.ServiceArn, WebConfigurationRecord.NameFor(execution.V2RecordPrefix, execution.Name)),
            Backend = new BackendTarget(settings.EcsCluster!, settings.ClickHouseService!, settings.WorkerService!, settings.ClickHouseFileSystemId!,
                observed.FileSystem!.AvailabilityZoneId, PingUrl(settings.ClickHouseUrl!), settings.WorkerHealthUrl!),
            Limits = new MigrationLimits(settings.SnapshotPollSeconds, settings.SnapshotMaxPolls, settings.BackendPollSeconds, settings.BackendMaxPolls,
                settings.HealthPollSeconds, settings.HealthSuccessesRequired, settings.HealthMaxAttempts, settings.WebPollSeconds, settings.WebMaxPolls),
            BackendOnFailure = settings.BackendOnFailure!,
            CurrentVersion = VersionOf(web.Configuration.ImageIdentifier),
            TargetVersion = VersionOf(settings.V3WebImage!),
        };
        return new PreflightOutcome(plan, []);
    }

    private static WebPlan WebPlanFor(WebServiceObservation web, MigrationSettings settings, ExecutionIdentity execution) =>
        new(web.ServiceArn, web.ServiceUrl, web.Configuration.ImageIdentifier,
            WebV3Configuration.Changes(web.Configuration, settings, settings.V3WebImage!),
            WebConfigurationRecord.NameFor(execution.V2RecordPrefix, execution.Name));

    /// <summary>
    /// The worker must run the web's Langfuse release (a newer worker queries tables the older web never created; only
    /// the web runs schema migrations) and read every shared setting with the web's value.
    /// </summary>
    private static void CheckWorkerMatchesWeb(List<PreflightProblem> problems, EcsServiceObservation worker, WebConfiguration v3Web, MigrationSettings settings)
    {
        if (worker.Container is not { } container)
        {
            problems.Add(new("workerService", $"The task definition of worker service '{worker.ServiceName}' has no Langfuse worker container preflight could read.", "Check that the worker service runs a task definition with the langfuse/langfuse-worker container and that the preflight function may call ecs:DescribeTaskDefinition."));
            return;
        }

        if (LangfuseImage.TryParse(settings.V3WebImage, out var webImage) && !SameRelease(webImage, container.Image))
        {
            problems.Add(new("workerService", $"The worker runs '{container.Image}' but the v3 web will run '{webImage}': web and worker must run the same Langfuse release.",
                $"Set the WorkerImage stack parameter to the worker image with the web's tag ({webImage.Tag ?? webImage.Digest}), e.g. langfuse/langfuse-worker:{webImage.Tag}, deploy, then start again."));
        }

        var mismatches = LangfuseSharedConfiguration.Compare(v3Web, container);
        if (mismatches.Count > 0)
        {
            problems.Add(new("workerService", $"The v3 web and the worker would read different Langfuse settings: {string.Join("; ", mismatches)}. Both containers must read the same value (an upload under one S3 prefix is never found under another; SALT and ENCRYPTION_KEY must match).",
                "Give both the same value from one source: in BackendMode=create set the stack parameters SaltSecretArn and EncryptionKeySecretArn to the secrets the v2 web reads (put a plain v2 value into Secrets Manager first), and EventUploadPrefix/MediaUploadPrefix; in BackendMode=existing change the worker's task definition (or the stack parameters) so each named variable matches."));
        }
    }

    private static bool SameRelease(LangfuseImage web, string workerReference)
    {
        if (!LangfuseImage.TryParse(workerReference, out var worker))
        {
            return false;
        }

        return web.Version is { } webVersion && worker.Version is { } workerVersion
            ? webVersion == workerVersion
            : web.Tag == worker.Tag && web.Digest is null;
    }

    private static void CheckEncryptionKey(List<PreflightProblem> problems, WebConfiguration v2, MigrationSettings settings)
    {
        if (v2.EnvironmentVariables.TryGetValue("ENCRYPTION_KEY", out var plain))
        {
            if (!HexKeyPattern().IsMatch(plain))
            {
                problems.Add(new("web.environment.ENCRYPTION_KEY", $"The v2 web's ENCRYPTION_KEY has {plain.Length} characters; Langfuse needs exactly 64 hex characters.", "Generate one with `openssl rand -hex 32`, store it in Secrets Manager and set encryptionKeySecretArn (v2 ignores it when unused)."));
            }

            return;
        }

        if (!v2.EnvironmentSecrets.ContainsKey("ENCRYPTION_KEY") && string.IsNullOrWhiteSpace(settings.EncryptionKeySecretArn))
        {
            problems.Add(new("encryptionKeySecretArn", "ENCRYPTION_KEY is missing: the v2 web does not define it and encryptionKeySecretArn is empty.", "Store a 64-hex key (`openssl rand -hex 32`) in Secrets Manager and set EncryptionKeySecretArn."));
        }
    }

    private static void CheckService(List<PreflightProblem> problems, EcsServiceObservation? service, string field, string? name, string? cluster)
    {
        if (service is null || service.Status != "ACTIVE")
        {
            problems.Add(new(field, $"ECS service '{name}' does not exist (or is not ACTIVE) in cluster '{cluster}'.", "Deploy the v3 backend stack (ClickHouse and worker services at desired count 0) first."));
        }
    }

    private static void CheckFileSystem(List<PreflightProblem> problems, FileSystemObservation? fileSystem, string? id)
    {
        if (fileSystem is null)
        {
            problems.Add(new("clickHouseFileSystemId", $"EFS file system '{id}' does not exist.", "Set clickHouseFileSystemId to the file system mounted at /var/lib/clickhouse."));
        }
        else if (fileSystem.LifeCycleState != "available")
        {
            problems.Add(new("clickHouseFileSystemId", $"EFS file system '{id}' is {fileSystem.LifeCycleState}, not available.", "Wait until the file system is available."));
        }
        else if (fileSystem.IsOneZone && fileSystem.SubnetIdsInZone.Count == 0)
        {
            problems.Add(new("clickHouseFileSystemId", $"No subnet of the ClickHouse service is in {fileSystem.AvailabilityZoneId}, the AZ of One Zone file system '{id}', so ClickHouse cannot be pinned to it.", "Add a subnet in that AZ to the ClickHouse service's network configuration (the mount target's subnet works)."));
        }
    }

    private static string PingUrl(string clickHouseUrl) => new Uri(new Uri(clickHouseUrl), "/ping").ToString();

    private static string VersionOf(string image) =>
        LangfuseImage.TryParse(image, out var parsed) && parsed.Version is { } version ? version.ToString() : "unpinned";

    private static IReadOnlyList<PreflightProblem> Deduplicate(List<PreflightProblem> problems) => problems.Distinct().ToArray();

    private static void Require(List<PreflightProblem> problems, string? value, string field, string fix)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(field, "It is empty.", fix));
        }
    }

    private static void RequireSecretArn(List<PreflightProblem> problems, string? value, string field, string what)
    {
        if (!IsArn(value, "secretsmanager", "secret") && !IsArn(value, "ssm", "parameter"))
        {
            problems.Add(new(field, $"'{value}' is not a Secrets Manager secret or SSM parameter ARN.", $"Store {what} in Secrets Manager (or SSM SecureString) and set {field} to its ARN; App Runner injects it as a secret."));
        }
    }

    private static void RequireBucket(List<PreflightProblem> problems, string? value, string field)
    {
        if (value is null || !BucketPattern().IsMatch(value) || value.Contains("..", StringComparison.Ordinal))
        {
            problems.Add(new(field, $"'{value}' is not an S3 bucket name.", $"Set {field} to an existing bucket name (3–63 lower-case letters, digits, dots, hyphens)."));
        }
    }

    private static void Positive(List<PreflightProblem> problems, int value, string field, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            problems.Add(new(field, $"{value} is outside {minimum}–{maximum}.", $"Pass a whole number between {minimum} and {maximum}."));
        }
    }

    private static bool IsArn(string? value, string service, string resourcePrefix)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[1].StartsWith("aws", StringComparison.Ordinal) && parts[2] == service
            && parts[5].StartsWith(resourcePrefix, StringComparison.Ordinal);
    }

    private static bool SameAccountAndRegion(string arn, string otherArn)
    {
        var left = arn.Split(':', 6);
        var right = otherArn.Split(':', 6);
        return left.Length == 6 && right.Length == 6 && left[3] == right[3] && left[4] == right[4];
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^fs-[0-9a-f]{8,40}$")]
    private static partial Regex FileSystemIdPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex HexKeyPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();
}
