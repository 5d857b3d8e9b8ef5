using LangfuseLifecycle.Testing;
using Amazon.Runtime;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

internal static class TestConfigs
{
    public const string Region = "eu-west-1";

    /// <summary>A config that sends through <paramref name="handler"/> to the real AWS endpoint names, with fixed credentials and a clock.</summary>
    public static AwsClientConfig WithHandler(HttpMessageHandler handler, TimeProvider? timeProvider = null, AwsRetryPolicy? retryPolicy = null) =>
        new()
        {
            Region = Region,
            Credentials = new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example"),
            HttpClient = new HttpClient(handler),
            TimeProvider = timeProvider ?? new TestClock { AdvanceToEachTimer = true },
            RetryPolicy = retryPolicy ?? new AwsRetryPolicy { MaxAttempts = 4, NextJitter = () => 0.5 },
        };

    public static Func<string, string?> Variables(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }
}
