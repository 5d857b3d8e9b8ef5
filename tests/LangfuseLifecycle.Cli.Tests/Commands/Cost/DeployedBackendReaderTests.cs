using LangfuseLifecycle.Aws.ECS.Model;
using LangfuseLifecycle.Cli.Commands.Cost;

namespace LangfuseLifecycle.Cli.Tests.Commands.Cost;

public sealed class DeployedBackendReaderTests
{
    [Theory]
    [InlineData("FARGATE_SPOT", 1, true)]
    [InlineData("FARGATE_SPOT", 0, false)]
    [InlineData("FARGATE", 1, false)]
    public void UsesSpot_WhenStrategyGiven_ShouldCountOnlyWeightedSpot(string provider, int weight, bool expected)
    {
        var service = new Service { CapacityProviderStrategy = [new CapacityProviderStrategyItem { CapacityProvider = provider, Weight = weight }] };

        Assert.Equal(expected, DeployedBackendReader.UsesSpot(service));
    }

    [Fact]
    public void UsesSpot_WhenLaunchTypeOnly_ShouldBeOnDemand()
    {
        Assert.False(DeployedBackendReader.UsesSpot(new Service { LaunchType = "FARGATE" }));
    }

    [Theory]
    [InlineData("1024", "8192", 1, 8)]
    [InlineData("512", "1024", 0.5, 1)]
    [InlineData("1 vCPU", "8 GB", 1, 8)]
    public void FromTaskDefinition_WhenUnitsOrText_ShouldGiveVcpuAndGb(string cpu, string memory, double vcpu, double gb)
    {
        var size = TaskSizeText.FromTaskDefinition(cpu, memory);

        Assert.Equal((decimal)vcpu, size!.Vcpu);
        Assert.Equal((decimal)gb, size.MemoryGb);
    }

    [Theory]
    [InlineData("1x8", 1, 8)]
    [InlineData("0.25X0.5", 0.25, 0.5)]
    [InlineData("2/16", 2, 16)]
    public void TryParse_WhenVcpuByGb_ShouldParse(string text, double vcpu, double gb)
    {
        var size = TaskSizeText.TryParse(text);

        Assert.Equal((decimal)vcpu, size!.Vcpu);
        Assert.Equal((decimal)gb, size.MemoryGb);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("1x")]
    [InlineData("-1x2")]
    [InlineData("onexeight")]
    public void TryParse_WhenNotASize_ShouldReturnNull(string text)
    {
        Assert.Null(TaskSizeText.TryParse(text));
    }
}
