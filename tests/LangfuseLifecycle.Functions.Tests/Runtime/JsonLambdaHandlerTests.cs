using System.Text;
using System.Text.Json;
using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Runtime;
using LangfuseLifecycle.Functions.Runtime.Exceptions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Runtime;

public sealed class JsonLambdaHandlerTests
{
    private static InvocationContext Context() => new(
        "req-1",
        DateTimeOffset.UtcNow.AddMinutes(1),
        "arn:aws:lambda:eu-central-1:123456789012:function:f",
        null,
        new LambdaLogger(Stream.Null, PingHandler.HandlerName, TimeProvider.System));

    private static Task<byte[]> Invoke(string payload) =>
        new PingHandler().HandleAsync(Encoding.UTF8.GetBytes(payload), Context(), CancellationToken.None);

    [Fact]
    public async Task HandleAsync_WhenEventIsValid_ShouldSerializeTheTypedResultInCamelCase()
    {
        // Arrange / Act
        var bytes = await Invoke("{\"message\":\"hi\"}");

        // Assert
        using var json = JsonDocument.Parse(bytes);
        Assert.Equal("hi", json.RootElement.GetProperty("message").GetString());
        Assert.Equal("req-1", json.RootElement.GetProperty("requestId").GetString());
        Assert.False(json.RootElement.TryGetProperty("timeZone", out _));
    }

    [Theory]
    [InlineData("{\"message\":", "$.message")]
    [InlineData("{\"message\": 42}", "$.message")]
    [InlineData("[1,2]", "$")]
    [InlineData("not json", "$")]
    public async Task HandleAsync_WhenEventIsMalformed_ShouldThrowInvalidEventExceptionNamingTheEventAndPath(string payload, string path)
    {
        // Arrange / Act
        var exception = await Assert.ThrowsAsync<InvalidEventException>(() => Invoke(payload));

        // Assert
        Assert.Contains("PingRequest", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{path}'", exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(exception.InnerException);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("null")]
    public async Task HandleAsync_WhenEventIsEmptyOrNull_ShouldAskForAJsonObject(string payload)
    {
        // Arrange / Act
        var exception = await Assert.ThrowsAsync<InvalidEventException>(() => Invoke(payload));

        // Assert
        Assert.Contains("{}", exception.Message, StringComparison.Ordinal);
    }
}
