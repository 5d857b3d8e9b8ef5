namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// Langfuse documents v2 and v3 running side by side on one PostgreSQL between v2.92.0 and v3.29.x;
/// later v3 releases drop tables v2 needs, so a rollback to v2 then needs the snapshot.
/// </summary>
public static class SideBySideRange
{
    public static readonly LangfuseVersion OldestV2 = new(2, 92, 0);
    public static readonly LangfuseVersion NewestV3Minor = new(3, 29, null);

    /// <summary>Problems with the running v2 image, or none. <paramref name="allowFloating"/> accepts a tag that cannot prove its version.</summary>
    public static IReadOnlyList<PreflightProblem> CheckCurrentV2(string? imageReference, bool allowFloating)
    {
        if (!LangfuseImage.TryParse(imageReference, out var image))
        {
            return [new PreflightProblem("web.imageIdentifier", $"The App Runner image '{imageReference}' is not an image reference.", "Point the web service at a Langfuse v2 image such as langfuse/langfuse:2.95.1 mirrored to ECR.")];
        }

        if (image.Version is { } version && version.Major >= 3)
        {
            return [new PreflightProblem("web.imageIdentifier", $"The web already runs Langfuse {version} ({image}).", "Nothing to migrate; start the migration only from a v2 web.")];
        }

        if (image.IsFloating)
        {
            return allowFloating
                ? []
                : [new PreflightProblem("web.imageIdentifier", $"The web image '{image}' does not pin a version (digest, latest or major-only tag), so v2 ≥ {OldestV2} cannot be proven.", "Redeploy the web with an explicit tag such as :2.95.1, or start with {\"allowFloatingImageTag\": true} if you verified the version yourself.")];
        }

        if (image.Version!.Value.Major != 2)
        {
            return [new PreflightProblem("web.imageIdentifier", $"The web image '{image}' is Langfuse {image.Version}, not v2.", "Start the migration from a Langfuse v2 web.")];
        }

        if (image.Version.Value.CompareTo(OldestV2) < 0)
        {
            return [new PreflightProblem("web.imageIdentifier", $"The web runs Langfuse {image.Version}; v2 and v3 share the database safely only from {OldestV2}.", $"Upgrade the v2 web to {OldestV2} or later (e.g. 2.95.1) first, then migrate.")];
        }

        return [];
    }

    /// <summary>Problems with the requested v3 web image, or none.</summary>
    public static IReadOnlyList<PreflightProblem> CheckTargetV3(string? imageReference, bool allowOutsideRange, bool allowFloating)
    {
        if (!LangfuseImage.TryParse(imageReference, out var image))
        {
            return [new PreflightProblem("v3WebImage", $"'{imageReference}' is not an image reference.", "Set v3WebImage to an ECR or ECR Public image with an explicit tag, e.g. <account>.dkr.ecr.<region>.amazonaws.com/langfuse:3.29.0.")];
        }

        if (image.LooksLikeWorkerImage)
        {
            return [new PreflightProblem("v3WebImage", $"'{image}' is the worker image, not the web image.", "Set v3WebImage to the langfuse/langfuse (web) image.")];
        }

        if (image.IsFloating)
        {
            return allowFloating
                ? []
                : [new PreflightProblem("v3WebImage", $"'{image}' does not pin a version (digest, latest or major-only tag), so v3 ≤ {NewestV3Minor} cannot be proven.", "Use an explicit tag such as :3.29.0, or start with {\"allowFloatingImageTag\": true} if you verified the version yourself.")];
        }

        var version = image.Version!.Value;
        if (version.Major != 3)
        {
            return [new PreflightProblem("v3WebImage", $"'{image}' is Langfuse {version}, not v3.", "Set v3WebImage to a Langfuse v3 image (3.0.0 to 3.29.x).")];
        }

        if (version.Minor > NewestV3Minor.Minor && !allowOutsideRange)
        {
            return [new PreflightProblem("v3WebImage", $"Langfuse {version} is newer than {NewestV3Minor}.x, the last release known to run side by side with v2; after it, rolling back to v2 needs the snapshot.", "Use 3.29.x for the switch and upgrade later, or start with {\"allowImageOutsideRange\": true} to accept a snapshot-only rollback.")];
        }

        return [];
    }
}
