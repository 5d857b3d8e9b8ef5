using System.Security.Cryptography;
using System.Text;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// RDS snapshot identifiers: letters, digits and hyphens, starting with a letter, no two hyphens in a row, no trailing
/// hyphen; RDS stores them lower-case. At most 63 characters for an Aurora cluster snapshot (CreateDBClusterSnapshot)
/// and 255 for an instance snapshot (CreateDBSnapshot).
/// </summary>
public static class SnapshotIdentifier
{
    public const string Prefix = "langfuse-pre-v3-";
    public const int ClusterMaxLength = 63;
    public const int InstanceMaxLength = 255;

    /// <summary>Hyphen plus 8 hex digits of the untruncated identifier's SHA-256: two long execution names that share
    /// their first characters still get different snapshots.</summary>
    private const int HashSuffixLength = 9;

    public static int MaxLength(DatabaseKind kind) => kind == DatabaseKind.AuroraCluster ? ClusterMaxLength : InstanceMaxLength;

    /// <summary>
    /// The deterministic identifier for an execution: a retried Snapshot step computes the same name and finds its snapshot.
    /// Characters RDS rejects (Step Functions names allow <c>_</c>, <c>.</c> and more) become hyphens; a name too long
    /// for <paramref name="kind"/> is cut and ends with a short hash of the whole name, so it stays unique.
    /// </summary>
    public static string ForExecution(string executionName, DatabaseKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        var builder = new StringBuilder(Prefix.Length + executionName.Length);
        builder.Append(Prefix);
        foreach (var character in executionName.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(character) ? character : '-';
            if (next == '-' && builder[^1] == '-')
            {
                continue;
            }

            builder.Append(next);
        }

        var identifier = builder.ToString().TrimEnd('-');
        var maxLength = MaxLength(kind);
        if (identifier.Length <= maxLength)
        {
            return identifier;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(executionName)))[..(HashSuffixLength - 1)];
        return identifier[..(maxLength - HashSuffixLength)].TrimEnd('-') + "-" + hash;
    }

    /// <summary>Why <paramref name="identifier"/> is not a valid RDS snapshot identifier for <paramref name="kind"/>, or null when it is.</summary>
    public static string? Explain(string? identifier, DatabaseKind kind)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            return "it is empty";
        }

        var maxLength = MaxLength(kind);
        if (identifier.Length > maxLength)
        {
            var what = kind == DatabaseKind.AuroraCluster ? "an Aurora cluster snapshot" : "a DB instance snapshot";
            return $"it has {identifier.Length} characters, more than the {maxLength} allowed for {what}";
        }

        if (!char.IsAsciiLetter(identifier[0]))
        {
            return "it must start with a letter";
        }

        var invalid = identifier.FirstOrDefault(c => !char.IsAsciiLetterOrDigit(c) && c != '-');
        if (invalid != default)
        {
            return $"'{invalid}' is not allowed (letters, digits and hyphens only)";
        }

        if (identifier.Contains("--", StringComparison.Ordinal))
        {
            return "it contains two hyphens in a row";
        }

        return identifier.EndsWith('-') ? "it ends with a hyphen" : null;
    }
}
