using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Cli.Tests.TestHelpers;

[CollectionDefinition(MotoCollection.Name)]
public sealed class MotoCollectionDefinition : LangfuseLifecycle.Testing.Moto.MotoCollectionDefinition;
