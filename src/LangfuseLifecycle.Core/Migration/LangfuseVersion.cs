using System.Globalization;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// A Langfuse release as far as an image tag pins it: <c>3.29.0</c> pins a patch, <c>3.29</c> a minor line,
/// <c>3</c> only a major line (a floating tag that moves to every new release).
/// </summary>
public readonly record struct LangfuseVersion(int Major, int? Minor, int? Patch) : IComparable<LangfuseVersion>
{
    /// <summary>A major-only tag (<c>:2</c>, <c>:3</c>) follows every release of that line, so it proves no range.</summary>
    public bool PinsMinor => Minor is not null;

    public static bool TryParse(string? tag, out LangfuseVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(tag))
        {
            return false;
        }

        var core = tag.StartsWith('v') || tag.StartsWith('V') ? tag[1..] : tag;
        // Pre-release and build suffixes (3.29.0-rc.1, 3.29.0+abc) belong to the same line for range purposes.
        var suffix = core.IndexOfAny(['-', '+']);
        if (suffix >= 0)
        {
            core = core[..suffix];
        }

        var parts = core.Split('.');
        if (parts.Length is < 1 or > 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new LangfuseVersion(numbers[0], parts.Length > 1 ? numbers[1] : null, parts.Length > 2 ? numbers[2] : null);
        return true;
    }

    public int CompareTo(LangfuseVersion other)
    {
        var byMajor = Major.CompareTo(other.Major);
        if (byMajor != 0)
        {
            return byMajor;
        }

        var byMinor = (Minor ?? 0).CompareTo(other.Minor ?? 0);
        return byMinor != 0 ? byMinor : (Patch ?? 0).CompareTo(other.Patch ?? 0);
    }

    public override string ToString() =>
        Minor is null ? $"{Major}" : Patch is null ? $"{Major}.{Minor}" : $"{Major}.{Minor}.{Patch}";
}
