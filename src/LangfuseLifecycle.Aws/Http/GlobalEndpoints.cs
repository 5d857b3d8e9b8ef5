namespace LangfuseLifecycle.Aws.Http;

/// <summary>
/// Endpoints of partition-wide services, copied from botocore's endpoints.json (<c>partitionEndpoint</c> with its
/// <c>hostname</c> and <c>credentialScope.region</c>). The partition follows from the caller's region prefix.
/// </summary>
internal static class GlobalEndpoints
{
    public static (Uri Endpoint, string SigningRegion) For(AwsServiceMetadata service, string region)
    {
        if (service.EndpointPrefix != "iam")
        {
            throw new NotSupportedException($"No global endpoint is known for {service.ServiceId}.");
        }

        // Order matters: us-isob- and us-isof- before us-iso-.
        var (host, signingRegion) = region switch
        {
            _ when region.StartsWith("cn-", StringComparison.Ordinal) => ("iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            _ when region.StartsWith("us-gov-", StringComparison.Ordinal) => ("iam.us-gov.amazonaws.com", "us-gov-west-1"),
            _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => ("iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
            _ when region.StartsWith("us-isof-", StringComparison.Ordinal) => ("iam.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
            _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => ("iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
            _ => ("iam.amazonaws.com", "us-east-1"),
        };
        return (new Uri($"https://{host}/"), signingRegion);
    }
}
