using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>The shared moto fixture plus a client config built the way production builds it (AWS_ENDPOINT_URL).</summary>
public sealed class MotoServerFixture : MotoFixture
{
    public const string Region = MotoServer.Region;

    public AwsClientConfig Config => AwsClientConfig.FromEnvironment(name => CreateClientEnvironment().GetValueOrDefault(name));
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
{
    public const string Name = LangfuseLifecycle.Testing.Moto.MotoCollection.Name;
}
