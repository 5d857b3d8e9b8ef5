using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Aws.Tests.Testing;

/// <summary>This assembly's declaration of the shared moto collection (xunit finds definitions only in the test assembly).</summary>
[CollectionDefinition(MotoCollection.Name)]
public sealed class MotoCollectionDefinition : LangfuseLifecycle.Testing.Moto.MotoCollectionDefinition;
