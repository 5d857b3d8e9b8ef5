using LangfuseLifecycle.Functions.Handlers;
using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Runtime.Exceptions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Handlers;

public sealed class HandlerRegistryTests
{
    [Fact]
    public void Default_WhenAskedForPing_ShouldBuildThePingHandler()
    {
        // Arrange / Act
        var handler = HandlerRegistry.Default.Create("ping", new FakeEnvironment());

        // Assert
        Assert.IsType<PingHandler>(handler);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Ping")]
    [InlineData("bootstrap")]
    public void Create_WhenNameIsUnknownOrEmpty_ShouldThrowUnknownHandlerNamingTheKnownOnes(string? name)
    {
        // Arrange
        var registry = new HandlerRegistry(new Dictionary<string, Func<IEnvironment, ILambdaHandler>>
        {
            ["scaler"] = _ => DelegateHandler.Echo(),
            ["migration-snapshot"] = _ => DelegateHandler.Echo(),
        });

        // Act
        var exception = Assert.Throws<UnknownHandlerException>(() => registry.Create(name, new FakeEnvironment()));

        // Assert
        Assert.Contains("migration-snapshot, scaler", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenKnown_ShouldPassTheEnvironmentToTheFactory()
    {
        // Arrange
        IEnvironment? received = null;
        var environment = new FakeEnvironment();
        var registry = new HandlerRegistry(new Dictionary<string, Func<IEnvironment, ILambdaHandler>>
        {
            ["scaler"] = env =>
            {
                received = env;
                return DelegateHandler.Echo();
            },
        });

        // Act
        registry.Create("scaler", environment);

        // Assert
        Assert.Same(environment, received);
    }
}
