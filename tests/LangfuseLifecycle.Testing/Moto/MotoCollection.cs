namespace LangfuseLifecycle.Testing.Moto;

/// <summary>
/// Name of the xunit collection whose tests share one <see cref="MotoFixture"/>.
/// </summary>
/// <remarks>
/// xunit 2 discovers collection definitions only in the test assembly itself, so each test project declares the
/// collection once with a one-line class deriving from <see cref="MotoCollectionDefinition"/>:
/// <code>
/// [CollectionDefinition(MotoCollection.Name)]
/// public sealed class MotoCollectionDefinition : LangfuseLifecycle.Testing.Moto.MotoCollectionDefinition;
/// </code>
/// and test classes opt in with <c>[Collection(MotoCollection.Name)]</c> and a <see cref="MotoFixture"/> constructor parameter.
/// </remarks>
public static class MotoCollection
{
    public const string Name = "moto";
}

/// <summary>Base of each test assembly's <c>[CollectionDefinition(MotoCollection.Name)]</c> class.</summary>
public abstract class MotoCollectionDefinition : ICollectionFixture<MotoFixture>;
