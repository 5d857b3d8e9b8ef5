namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// A container image reference as App Runner stores it (<c>ImageIdentifier</c>), split into repository, tag and digest.
/// Accepts Docker Hub, GHCR, ECR and ECR Public forms: <c>langfuse/langfuse:2.95.1</c>,
/// <c>ghcr.io/langfuse/langfuse:3.29.0</c>, <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com/langfuse:3.29.0@sha256:…</c>.
/// </summary>
public sealed record LangfuseImage(string Reference, string Repository, string? Tag, string? Digest, LangfuseVersion? Version)
{
    /// <summary>True when the reference cannot prove which release runs: digest only, <c>latest</c>, <c>:2</c>, <c>:3</c>, or a tag that is no version.</summary>
    public bool IsFloating => Version is not { PinsMinor: true };

    /// <summary>The worker image is a different container; pointing the web at it is a classic copy-paste mistake.</summary>
    public bool LooksLikeWorkerImage => Repository.EndsWith("langfuse-worker", StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string? reference, out LangfuseImage image)
    {
        image = null!;
        if (string.IsNullOrWhiteSpace(reference) || reference.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var remainder = reference;
        string? digest = null;
        var at = remainder.IndexOf('@');
        if (at >= 0)
        {
            digest = remainder[(at + 1)..];
            remainder = remainder[..at];
            if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != "sha256:".Length + 64)
            {
                return false;
            }
        }

        string? tag = null;
        // A colon after the last slash starts the tag; one before it belongs to a registry port.
        var lastSlash = remainder.LastIndexOf('/');
        var colon = remainder.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            tag = remainder[(colon + 1)..];
            remainder = remainder[..colon];
            if (tag.Length == 0)
            {
                return false;
            }
        }

        if (remainder.Length == 0 || remainder.EndsWith('/') || (tag is null && digest is null))
        {
            return false;
        }

        LangfuseVersion? version = LangfuseVersion.TryParse(tag, out var parsed) ? parsed : null;
        image = new LangfuseImage(reference, remainder, tag, digest, version);
        return true;
    }

    public override string ToString() => Reference;
}
