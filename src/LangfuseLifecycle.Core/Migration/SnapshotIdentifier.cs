using System.Text;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// RDS snapshot identifiers: 1–255 letters, digits and hyphens, starting with a letter, no two hyphens in a row,
/// no trailing hyphen. RDS stores them lower-case.
/// </summary>
public static class SnapshotIdentifier
{
    public const string Prefix = "langfuse-pre-v3-";
    public const int MaxLength = 255;

    /// <summary>
    /// The deterministic identifier for an execution: a retried Snapshot step computes the same name and finds its snapshot.
    /// Characters RDS rejects (Step Functions names allow <c>_</c>, <c>.</c> and more) become hyphens.
    /// </summary>
    public static string ForExecution(string executionName)
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

        var identifier = builder.ToString();
        if (identifier.Length > MaxLength)
        {
            identifier = identifier[..MaxLength];
        }

        return identifier.TrimEnd('-');
    }

    /// <summary>Why <paramref name="identifier"/> is not a valid RDS snapshot identifier, or null when it is.</summary>
    public static string? Explain(string? identifier)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            return "it is empty";
        }

        if (identifier.Length > MaxLength)
        {
            return $"it has {identifier.Length} characters, more than {MaxLength}";
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
