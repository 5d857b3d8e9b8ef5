using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using LangfuseLifecycle.Aws.Exceptions;

namespace LangfuseLifecycle.Aws.Http;

/// <summary>
/// Everything a typed client needs to reach AWS: region, credentials, endpoint overrides, the HTTP client, the retry policy and the clock.
/// Build it once per process with <see cref="FromEnvironment"/> and share it between clients (the HttpClient pools connections).
/// </summary>
public sealed class AwsClientConfig
{
    public const string RegionVariable = "AWS_REGION";
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";
    public const string EndpointUrlVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreConfiguredEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    public const string MaxAttemptsVariable = "AWS_MAX_ATTEMPTS";

    private static readonly Lazy<HttpClient> SharedHttpClient = new(CreateDefaultHttpClient);

    /// <summary>The AWS region every request is signed for and addressed to, e.g. <c>eu-west-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>Credentials from AWSSDK.Core (default chain, a profile, or explicit keys); resolved and refreshed per request.</summary>
    public required AWSCredentials Credentials { get; init; }

    /// <summary>Endpoint overrides: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> names (or <c>AWS_ENDPOINT_URL</c>) to absolute URLs.</summary>
    public IReadOnlyDictionary<string, Uri> EndpointOverrides { get; init; } = new Dictionary<string, Uri>();

    public HttpClient HttpClient { get; init; } = SharedHttpClient.Value;

    public AwsRetryPolicy RetryPolicy { get; init; } = AwsRetryPolicy.Default;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The same configuration with another retry policy (e.g. <see cref="AwsRetryPolicy.None"/> for a call that is not idempotent).</summary>
    public AwsClientConfig WithRetryPolicy(AwsRetryPolicy retryPolicy) => new()
    {
        Region = Region,
        Credentials = Credentials,
        EndpointOverrides = EndpointOverrides,
        HttpClient = HttpClient,
        RetryPolicy = retryPolicy,
        TimeProvider = TimeProvider,
    };

    /// <summary>
    /// Reads region, credentials and endpoint overrides through <paramref name="getVariable"/> (pass <c>Environment.GetEnvironmentVariable</c> in production).
    /// Credentials: <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c> (what Lambda sets) when present, else the named
    /// <paramref name="profileName"/> or <c>AWS_PROFILE</c>, else AWSSDK.Core's default chain (profiles, SSO, container and instance roles).
    /// A Lambda bootstrap is built with environment credentials only (<see cref="AwsCredentialSources"/>).
    /// </summary>
    /// <exception cref="AwsConfigurationException">No region, an unknown profile, or an endpoint override that is not an http(s) URL.</exception>
    public static AwsClientConfig FromEnvironment(Func<string, string?> getVariable, string? profileName = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return new AwsClientConfig
        {
            Region = ReadRegion(getVariable),
            Credentials = ReadCredentials(getVariable, profileName),
            EndpointOverrides = ReadEndpointOverrides(getVariable),
            RetryPolicy = ReadRetryPolicy(getVariable),
        };
    }

    /// <summary>
    /// AWSSDK.Core's shared profile store (credentials file, and the config file beside it), at
    /// <c>AWS_SHARED_CREDENTIALS_FILE</c> when <paramref name="getVariable"/> has it, else the SDK's default location.
    /// </summary>
    public static CredentialProfileStoreChain ProfileStore(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return NonEmpty(getVariable("AWS_SHARED_CREDENTIALS_FILE")) is { } path
            ? new CredentialProfileStoreChain(path.Trim())
            : new CredentialProfileStoreChain();
    }

    /// <summary>The base URI for <paramref name="service"/>: per-service override, then global override, then the public endpoint.</summary>
    internal Uri ResolveEndpoint(AwsServiceMetadata service)
    {
        if (EndpointOverrides.TryGetValue(service.EndpointVariableName, out var serviceEndpoint))
        {
            return serviceEndpoint;
        }

        if (EndpointOverrides.TryGetValue(EndpointUrlVariable, out var globalEndpoint))
        {
            return globalEndpoint;
        }

        if (service.IsGlobal)
        {
            return GlobalEndpoints.For(service, Region).Endpoint;
        }

        var dnsSuffix = Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{Region}.{dnsSuffix}/");
    }

    /// <summary>The region SigV4 signs for: the configured one, or a global service's partition home region (also behind an
    /// endpoint override, like botocore, so an emulator sees what AWS would).</summary>
    internal string ResolveSigningRegion(AwsServiceMetadata service) =>
        service.IsGlobal ? GlobalEndpoints.For(service, Region).SigningRegion : Region;

    private static string ReadRegion(Func<string, string?> getVariable)
    {
        var region = NonEmpty(getVariable(RegionVariable)) ?? NonEmpty(getVariable(DefaultRegionVariable));
        if (region is null)
        {
            throw new AwsConfigurationException(
                $"No AWS region: set {RegionVariable} (or {DefaultRegionVariable}) to the region of your Langfuse deployment, e.g. {RegionVariable}=eu-west-1.");
        }

        return region.Trim();
    }

    private static AWSCredentials ReadCredentials(Func<string, string?> getVariable, string? profileName)
    {
        var accessKey = NonEmpty(getVariable("AWS_ACCESS_KEY_ID"));
        var secretKey = NonEmpty(getVariable("AWS_SECRET_ACCESS_KEY"));
        if (profileName is null && accessKey is not null && secretKey is not null)
        {
            var sessionToken = NonEmpty(getVariable("AWS_SESSION_TOKEN"));
            return sessionToken is null
                ? new BasicAWSCredentials(accessKey, secretKey)
                : new SessionAWSCredentials(accessKey, secretKey, sessionToken);
        }

        if (!AwsCredentialSources.ProfilesAndDefaultChain)
        {
            throw new AwsConfigurationException(
                "No AWS credentials in the environment: this Lambda bootstrap reads only AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, "
                + "which Lambda sets from the function's execution role; set them when running it elsewhere (profiles and the default chain are the CLI's).");
        }

        var profile = NonEmpty(profileName) ?? NonEmpty(getVariable("AWS_PROFILE"));
        if (profile is not null)
        {
            if (ProfileStore(getVariable).TryGetAWSCredentials(profile, out var profileCredentials))
            {
                return profileCredentials;
            }

            throw new AwsConfigurationException(
                $"AWS profile '{profile}' was not found in ~/.aws/credentials or ~/.aws/config: check the profile name (--profile or AWS_PROFILE) or run 'aws configure --profile {profile}'.");
        }

        return new DefaultChainCredentials();
    }

    /// <summary>AWS_MAX_ATTEMPTS, the AWS SDKs' shared setting: total attempts including the first.</summary>
    private static AwsRetryPolicy ReadRetryPolicy(Func<string, string?> getVariable)
    {
        var value = NonEmpty(getVariable(MaxAttemptsVariable));
        if (value is null)
        {
            return AwsRetryPolicy.Default;
        }

        if (!int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempts)
            || attempts is < 1 or > 20)
        {
            throw new AwsConfigurationException(
                $"{MaxAttemptsVariable}='{value}' is not a number of attempts: use a whole number from 1 (no retries) to 20, or unset it for the default of {AwsRetryPolicy.Default.MaxAttempts}.");
        }

        return new AwsRetryPolicy { MaxAttempts = attempts };
    }

    private static Dictionary<string, Uri> ReadEndpointOverrides(Func<string, string?> getVariable)
    {
        var overrides = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (string.Equals(NonEmpty(getVariable(IgnoreConfiguredEndpointsVariable)), "true", StringComparison.OrdinalIgnoreCase))
        {
            return overrides;
        }

        foreach (var variable in AwsServices.All.Select(s => s.EndpointVariableName).Prepend(EndpointUrlVariable))
        {
            var value = NonEmpty(getVariable(variable));
            if (value is not null)
            {
                overrides[variable] = ParseEndpoint(variable, value);
            }
        }

        return overrides;
    }

    internal static Uri ParseEndpoint(string variable, string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new AwsConfigurationException(
                $"{variable}='{value}' is not an endpoint URL: use an absolute http:// or https:// URL without query or fragment, e.g. {variable}=http://127.0.0.1:5000, or unset it to use the AWS endpoint.");
        }

        // A trailing slash makes relative request paths append to the override's path instead of replacing its last segment.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static HttpClient CreateDefaultHttpClient() =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            // Per attempt; the caller's CancellationToken bounds the whole call including retries.
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>
    /// AWSSDK.Core's default credential chain, resolved on first use (so a laptop without credentials fails at the first call with a clear message,
    /// and Lambda, which always has environment credentials, never probes it).
    /// </summary>
    private sealed class DefaultChainCredentials : AWSCredentials
    {
        private readonly Lazy<AWSCredentials> resolved = new(Resolve);

        public override ImmutableCredentials GetCredentials() => Wrap(() => resolved.Value.GetCredentials());

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            var credentials = Wrap(() => resolved.Value);
            try
            {
                return await credentials.GetCredentialsAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not AwsConfigurationException and not OperationCanceledException)
            {
                throw NoCredentials(exception);
            }
        }

        private static AWSCredentials Resolve() =>
            Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials(null);

        private static T Wrap<T>(Func<T> action)
        {
            try
            {
                return action();
            }
            catch (Exception exception) when (exception is not AwsConfigurationException)
            {
                throw NoCredentials(exception);
            }
        }

        private static AwsConfigurationException NoCredentials(Exception inner) =>
            new("No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile / set AWS_PROFILE, or run where an IAM role is available. "
                + $"AWSSDK.Core's default chain said: {inner.Message}", inner);
    }
}
