namespace LangfuseLifecycle.Aws.Http;

/// <summary>
/// What botocore's <c>service-2.json</c> metadata says about a service: how to name its endpoint, how to sign for it,
/// and how its protocol addresses operations. Values are copied from the model, never guessed:
/// the instances live in the generated <c>AwsServices.g.cs</c> (codegen/generate.py).
/// </summary>
internal sealed record AwsServiceMetadata(
    string ServiceId,
    string EndpointPrefix,
    string SigningName,
    string ApiVersion,
    string? TargetPrefix = null,
    string? JsonVersion = null)
{
    /// <summary>The suffix of the per-service endpoint variable: service id upper-cased, spaces to underscores (the AWS SDKs' rule).</summary>
    public string EndpointVariableName => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');

    /// <summary>A partition-wide service (IAM): one endpoint per partition, signed for that partition's home region
    /// (botocore endpoints.json <c>partitionEndpoint</c>/<c>credentialScope</c>), whatever region the caller runs in.</summary>
    public bool IsGlobal { get; init; }
}
