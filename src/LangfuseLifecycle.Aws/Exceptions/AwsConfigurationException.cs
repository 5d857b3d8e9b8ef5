namespace LangfuseLifecycle.Aws.Exceptions;

/// <summary>
/// The AWS layer cannot be set up from this environment: no region, no credentials, or an endpoint override that is not a URL.
/// Thrown before any request is sent; the message names the variable and the fix.
/// </summary>
public sealed class AwsConfigurationException : Exception
{
    public AwsConfigurationException(string message)
        : base(message)
    {
    }

    public AwsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
