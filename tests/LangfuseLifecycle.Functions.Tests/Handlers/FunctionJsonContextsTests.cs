using System.Text.Json;
using System.Text.Json.Serialization;
using LangfuseLifecycle.Functions.Handlers.Diagnostics;
using LangfuseLifecycle.Functions.Handlers.Migration;
using LangfuseLifecycle.Functions.Handlers.Scaler;

namespace LangfuseLifecycle.Functions.Tests.Handlers;

/// <summary>
/// One JSON context per capability (so each capability's executable carries only its own types), one wire convention for
/// all of them: a payload reads and writes the same whichever function handles it.
/// </summary>
public sealed class FunctionJsonContextsTests
{
    public static TheoryData<string> CapabilityContexts() => ["scaler", "migration"];

    [Theory]
    [MemberData(nameof(CapabilityContexts))]
    public void Options_WhenComparedWithTheDiagnosticsContext_ShouldBeTheSame(string capability)
    {
        // Arrange
        var expected = Conventions(DiagnosticsJsonContext.Default.Options);

        // Act
        var actual = Conventions(capability == "scaler" ? ScalerJsonContext.Default.Options : MigrationJsonContext.Default.Options);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Options_WhenRead_ShouldBeTheStrictWireConvention()
    {
        // Act
        var options = DiagnosticsJsonContext.Default.Options;

        // Assert
        Assert.Same(JsonNamingPolicy.CamelCase, options.PropertyNamingPolicy);
        Assert.Equal(JsonIgnoreCondition.WhenWritingNull, options.DefaultIgnoreCondition);
        Assert.True(options.RespectNullableAnnotations);
        Assert.True(options.RespectRequiredConstructorParameters);
        Assert.False(options.AllowDuplicateProperties);
        Assert.False(options.PropertyNameCaseInsensitive);
    }

    private static string Conventions(JsonSerializerOptions options) => string.Join(
        ", ",
        options.PropertyNamingPolicy?.GetType().Name,
        options.DefaultIgnoreCondition,
        options.RespectNullableAnnotations,
        options.RespectRequiredConstructorParameters,
        options.ReadCommentHandling,
        options.AllowTrailingCommas,
        options.PropertyNameCaseInsensitive,
        options.AllowDuplicateProperties,
        options.NumberHandling,
        options.UnmappedMemberHandling,
        string.Join("/", options.Converters.Select(converter => converter.GetType().Name)));
}
