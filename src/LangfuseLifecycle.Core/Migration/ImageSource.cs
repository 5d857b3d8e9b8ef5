using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Core.Migration;

/// <summary>
/// Where App Runner pulls an image from. App Runner's <c>ImageRepositoryType</c> is only <c>ECR</c> (private, needs an
/// access role) or <c>ECR_PUBLIC</c>; it cannot pull from Docker Hub or GHCR (botocore apprunner model, ImageRepository).
/// </summary>
public static partial class ImageSource
{
    public const string PrivateEcr = "ECR";
    public const string PublicEcr = "ECR_PUBLIC";

    /// <summary><c>ECR</c>, <c>ECR_PUBLIC</c>, or null when App Runner cannot pull the image at all.</summary>
    public static string? RepositoryTypeOf(string? imageIdentifier)
    {
        if (string.IsNullOrWhiteSpace(imageIdentifier))
        {
            return null;
        }

        var host = imageIdentifier.Split('/', 2) is [var first, _] ? first : "";
        if (host == "public.ecr.aws")
        {
            return PublicEcr;
        }

        return PrivateEcrHost().IsMatch(host) ? PrivateEcr : null;
    }

    [GeneratedRegex(@"^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")]
    private static partial Regex PrivateEcrHost();
}
