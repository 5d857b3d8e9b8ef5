using LangfuseLifecycle.Cli.Commands.Backend;

namespace LangfuseLifecycle.Cli.Tests.Commands.Backend;

public sealed class DeployedScheduleReaderTests
{
    private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:langfuse-lifecycle-scaler";

    [Theory]
    [InlineData(Function, Function, true)]
    [InlineData(Function + ":live", Function, true)]
    [InlineData(Function + "-v2", Function, false)]
    [InlineData(Function, "langfuse-lifecycle-scaler", true)]
    [InlineData(Function + ":3", "langfuse-lifecycle-scaler", true)]
    [InlineData(Function + "-v2", "langfuse-lifecycle-scaler", false)]
    [InlineData(null, Function, false)]
    public void Invokes_WhenTargetComparedWithFunction_ShouldMatchOnlyThatFunction(string? target, string function, bool expected)
    {
        Assert.Equal(expected, DeployedScheduleReader.Invokes(target, function));
    }

    [Theory]
    [InlineData("""{"action":"wake","reason":"schedule"}""", "wake")]
    [InlineData("""{"action":"sleep"}""", "sleep")]
    [InlineData("""{"action":"status"}""", null)]
    [InlineData("""["wake"]""", null)]
    [InlineData("not json", null)]
    [InlineData(null, null)]
    public void ActionOf_WhenScheduleInputRead_ShouldReturnWakeOrSleepOnly(string? input, string? expected)
    {
        Assert.Equal(expected, DeployedScheduleReader.ActionOf(input));
    }
}
