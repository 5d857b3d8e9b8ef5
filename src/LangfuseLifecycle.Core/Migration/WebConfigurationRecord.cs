using System.Security.Cryptography;
using System.Text;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// Where the v2 web configuration is recorded: an SSM SecureString per execution under the stack's prefix, written by
/// the switch before it changes the web and read by the rollback. Only those two functions may read or write the path,
/// so the v2 plain variables (DATABASE_URL with its password, NEXTAUTH_SECRET, SALT, …) never enter the execution's
/// history. The parameter is left in place after the migration (nothing is deleted); docs/migration.md says how to remove it.
/// </summary>
public static class WebConfigurationRecord
{
    /// <summary>The prefix when the function's environment names none (local runs); the template sets one per stack.</summary>
    public const string DefaultPrefix = "/langfuse-lifecycle/migration";

    /// <summary>An SSM SecureString holds 8 KB in the advanced tier (4 KB standard): a bigger v2 configuration cannot be recorded.</summary>
    public const int MaxBytes = 8192;

    /// <summary>
    /// <c>{prefix}/{execution name}/web-v2</c>. SSM names take letters, digits and <c>_.-/</c> only; an execution name
    /// with other characters gets them replaced and a short hash of the original appended, so two names stay apart.
    /// </summary>
    public static string NameFor(string prefix, string executionName)
    {
        var trimmed = "/" + prefix.Trim().Trim('/');
        var safe = new StringBuilder(executionName.Length);
        foreach (var character in executionName)
        {
            safe.Append(char.IsAsciiLetterOrDigit(character) || character is '_' or '.' or '-' ? character : '-');
        }

        var segment = safe.ToString();
        if (segment != executionName)
        {
            segment += "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(executionName)))[..8];
        }

        return $"{trimmed}/{segment}/web-v2";
    }
}
