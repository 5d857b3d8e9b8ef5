using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Emulation.Tests.TestHelpers;

[CollectionDefinition(MotoCollection.Name)]
public sealed class MotoCollectionDefinition : LangfuseLifecycle.Testing.Moto.MotoCollectionDefinition;
