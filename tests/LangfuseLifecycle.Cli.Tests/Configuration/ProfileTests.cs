using System.Collections.Concurrent;
using LangfuseLifecycle.Cli.Infrastructure;
using LangfuseLifecycle.Cli.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Cli.Tests.Configuration;

/// <summary>
/// --profile goes through AWSSDK.Core's shared config and credentials files: the profile's keys sign the requests and its
/// region is where the CLI looks, even when environment keys are set (AWS_SHARED_CREDENTIALS_FILE
/// points AWSSDK.Core at a credentials file with the config file beside it). A loopback CloudFormation records the signature.
/// </summary>
public sealed class ProfileTests
{
    private const string CloudFormationNotFound = """
        <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id langfuse-lifecycle does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>
        """;

    [Fact]
    public async Task Stack_WhenProfileGiven_ShouldSignWithTheProfilesKeysInItsRegion()
    {
        var directory = Directory.CreateTempSubdirectory("cli-profile-");
        var credentials = Path.Combine(directory.FullName, "credentials");
        var config = Path.Combine(directory.FullName, "config");
        await File.WriteAllTextAsync(credentials, "[cli-test]\naws_access_key_id = AKIDPROFILETEST\naws_secret_access_key = profile-secret\n");
        await File.WriteAllTextAsync(config, "[profile cli-test]\nregion = eu-west-3\n");
        var authorizations = new ConcurrentQueue<string>();
        await using var cloudFormation = LoopbackHttpServer.Start(request =>
        {
            authorizations.Enqueue(request.Headers["Authorization"] ?? string.Empty);
            return Task.FromResult(LoopbackResponse.Text(400, CloudFormationNotFound, "text/xml"));
        });
        CliRun run;
        try
        {
            run = await CliRun.RunAsync(
                new Dictionary<string, string>
                {
                    ["AWS_ENDPOINT_URL"] = cloudFormation.BaseUri.GetLeftPart(UriPartial.Authority),
                    ["AWS_ACCESS_KEY_ID"] = "AKIDFROMENVIRONMENT",
                    ["AWS_SECRET_ACCESS_KEY"] = "environment-secret",
                    ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
                },
                null,
                "status", "--stack", "langfuse-lifecycle", "--profile", "cli-test");
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.True(run.ExitCode == ExitCodes.ActionFailed, run.ToString());
        Assert.Contains("Stack 'langfuse-lifecycle' was not found in eu-west-3", run.Error.Replace("\n", string.Empty, StringComparison.Ordinal));
        var authorization = Assert.Single(authorizations);
        Assert.Contains("Credential=AKIDPROFILETEST/", authorization);
        Assert.Contains("/eu-west-3/cloudformation/aws4_request", authorization);
    }

    [Fact]
    public async Task Stack_WhenProfileUnknown_ShouldExitBadUsageNamingTheProfile()
    {
        var run = await CliRun.RunAsync(
            new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9" },
            null,
            "status", "--stack", "langfuse-lifecycle", "--profile", "langfuse-lifecycle-no-such-profile");

        Assert.Equal(ExitCodes.BadUsage, run.ExitCode);
        Assert.Contains("'langfuse-lifecycle-no-such-profile'", run.Error);
    }
}
