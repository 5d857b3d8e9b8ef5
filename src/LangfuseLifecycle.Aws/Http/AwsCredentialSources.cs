using System.Diagnostics.CodeAnalysis;

namespace LangfuseLifecycle.Aws.Http;

/// <summary>
/// Whether <see cref="AwsClientConfig.FromEnvironment"/> may fall back from environment credentials to AWS profiles and
/// AWSSDK.Core's default chain (SSO, process, container and instance roles). On by default (the CLI, tests). A Lambda
/// bootstrap is published with it off (<c>LangfuseLifecycle.Functions.csproj</c>): Lambda always sets the environment
/// credentials of the function's role, and the AOT compiler then leaves AWSSDK.Core's profile and credential-chain code
/// out of the executable (measured in docs/benchmarks.md).
/// </summary>
internal static class AwsCredentialSources
{
    private const string ProfilesAndDefaultChainSwitch = "LangfuseLifecycle.Aws.ProfilesAndDefaultChain";

    [FeatureSwitchDefinition(ProfilesAndDefaultChainSwitch)]
    public static bool ProfilesAndDefaultChain =>
        !AppContext.TryGetSwitch(ProfilesAndDefaultChainSwitch, out var enabled) || enabled;
}
