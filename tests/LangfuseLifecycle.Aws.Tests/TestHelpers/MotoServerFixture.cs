using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>The shared moto fixture plus a client config built the way production builds it (AWS_ENDPOINT_URL).</summary>
public class MotoServerFixture : MotoFixture
{
    public const string Region = MotoServer.Region;

    public AwsClientConfig Config => AwsClientConfig.FromEnvironment(name => CreateClientEnvironment().GetValueOrDefault(name));

    /// <summary>Extra environment for moto_server (e.g. INITIAL_NO_AUTH_ACTION_COUNT to make it verify signatures).</summary>
    protected virtual IReadOnlyDictionary<string, string> ServerEnvironment { get; } = new Dictionary<string, string>();

    protected sealed override MotoServerOptions Options => new() { EnvironmentVariables = ServerEnvironment };
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
{
    public const string Name = LangfuseLifecycle.Testing.Moto.MotoCollection.Name;
}
