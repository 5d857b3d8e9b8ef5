namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// The Langfuse v3 settings the web and the worker must read with the same value: both containers parse them
/// (langfuse v3.29.0 web/src/env.mjs, worker/src/env.ts, packages/shared/src/env.ts) and Langfuse's docs require them
/// "for the Langfuse Web and Langfuse Worker containers". The web uploads each event batch under its own
/// LANGFUSE_S3_EVENT_UPLOAD_PREFIX and the worker lists under its own; SALT hashes API keys; ENCRYPTION_KEY decrypts
/// what the web encrypted (LLM connection keys used by evals in the worker).
/// </summary>
public static class LangfuseSharedConfiguration
{
    public static readonly IReadOnlyList<string> VariableNames =
    [
        "CLICKHOUSE_URL",
        "CLICKHOUSE_USER",
        "CLICKHOUSE_PASSWORD",
        "CLICKHOUSE_DB",
        "CLICKHOUSE_CLUSTER_ENABLED",
        "CLICKHOUSE_CLUSTER_NAME",
        "REDIS_CONNECTION_STRING",
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_AUTH",
        "REDIS_TLS_ENABLED",
        "SALT",
        "ENCRYPTION_KEY",
        "LANGFUSE_S3_EVENT_UPLOAD_BUCKET",
        "LANGFUSE_S3_EVENT_UPLOAD_REGION",
        "LANGFUSE_S3_EVENT_UPLOAD_PREFIX",
        "LANGFUSE_S3_EVENT_UPLOAD_ENDPOINT",
        "LANGFUSE_S3_EVENT_UPLOAD_FORCE_PATH_STYLE",
        "LANGFUSE_S3_EVENT_UPLOAD_ACCESS_KEY_ID",
        "LANGFUSE_S3_EVENT_UPLOAD_SECRET_ACCESS_KEY",
        "LANGFUSE_S3_MEDIA_UPLOAD_BUCKET",
        "LANGFUSE_S3_MEDIA_UPLOAD_REGION",
        "LANGFUSE_S3_MEDIA_UPLOAD_PREFIX",
        "LANGFUSE_S3_MEDIA_UPLOAD_ENDPOINT",
        "LANGFUSE_S3_MEDIA_UPLOAD_FORCE_PATH_STYLE",
        "LANGFUSE_S3_MEDIA_UPLOAD_ACCESS_KEY_ID",
        "LANGFUSE_S3_MEDIA_UPLOAD_SECRET_ACCESS_KEY",
    ];

    /// <summary>
    /// Every shared variable the web and the worker set differently, by name and how (never a value: plain
    /// variables can be secrets kept in plain text, and the answer lands in Step Functions history).
    /// Unset and empty are the same (Langfuse's defaults for the prefixes are ""); a secret equals a secret with the
    /// same reference; a plain value and a secret cannot be proven equal.
    /// </summary>
    public static IReadOnlyList<SharedVariableMismatch> Compare(WebConfiguration web, ContainerObservation worker)
    {
        var mismatches = new List<SharedVariableMismatch>();
        foreach (var name in VariableNames)
        {
            var onWeb = Read(web.EnvironmentVariables, web.EnvironmentSecrets, name);
            var onWorker = Read(worker.Environment, worker.Secrets, name);
            if (onWeb == onWorker)
            {
                continue;
            }

            mismatches.Add(new SharedVariableMismatch(name, onWeb.Describe("web"), onWorker.Describe($"worker container '{worker.Name}'")));
        }

        return mismatches;
    }

    private static Setting Read(IReadOnlyDictionary<string, string> plain, IReadOnlyDictionary<string, string> secrets, string name)
    {
        if (secrets.TryGetValue(name, out var reference) && !string.IsNullOrWhiteSpace(reference))
        {
            return new Setting(SettingKind.Secret, NormalizeSecretReference(reference));
        }

        return plain.TryGetValue(name, out var value) && value.Length > 0 ? new Setting(SettingKind.Plain, value) : new Setting(SettingKind.Unset, "");
    }

    // ECS valueFrom may end in ":<json-key>:<version-stage>:<version-id>" with empty parts ("arn...:secret:x-AbCdEf::");
    // App Runner takes the bare ARN. The same secret either way.
    private static string NormalizeSecretReference(string reference) => reference.TrimEnd(':');

    private enum SettingKind
    {
        Unset,
        Plain,
        Secret,
    }

    private readonly record struct Setting(SettingKind Kind, string Value)
    {
        public string Describe(string where) => Kind switch
        {
            SettingKind.Unset => $"unset on the {where}",
            SettingKind.Plain => $"a plain value on the {where}",
            _ => $"secret {Value} on the {where}",
        };
    }
}

/// <summary>One shared variable set differently on the web and the worker; the two descriptions hold no values.</summary>
public sealed record SharedVariableMismatch(string Name, string Web, string Worker)
{
    public override string ToString() => $"{Name} ({Web}, {Worker})";
}
