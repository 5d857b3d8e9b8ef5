using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.EC2.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.EC2;

[Collection(MotoCollection.Name)]
public sealed class AmazonEC2ClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonEC2Client client = new(moto.Config);

    [Fact]
    public async Task DescribeSubnetsAsync_WhenFilteredByVpc_ShouldReturnBothSubnetsWithZoneIds()
    {
        // Arrange
        var seed = await MotoSeeder.RunAsync(moto, MotoSeeder.Network, "print(json.dumps({'vpc': vpc, 'a': subnet_a, 'b': subnet_b, 'sg': sg}))");

        // Act
        var response = await client.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter { Name = "vpc-id", Values = [seed.GetProperty("vpc").GetString()!] }],
        });

        // Assert
        Assert.Equal(
            new[] { seed.GetProperty("a").GetString()!, seed.GetProperty("b").GetString()! }.Order(),
            response.Subnets!.Select(s => s.SubnetId!).Order());
        Assert.All(response.Subnets!, s => Assert.False(string.IsNullOrEmpty(s.AvailabilityZoneId)));
        Assert.Equal("us-east-1a", response.Subnets!.Single(s => s.SubnetId == seed.GetProperty("a").GetString()).AvailabilityZone);
    }

    [Fact]
    public async Task DescribeSecurityGroupsAsync_WhenGivenGroupId_ShouldReturnIt()
    {
        // Arrange
        var seed = await MotoSeeder.RunAsync(moto, MotoSeeder.Network, "print(json.dumps({'vpc': vpc, 'sg': sg}))");

        // Act
        var response = await client.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [seed.GetProperty("sg").GetString()!] });

        // Assert
        var group = Assert.Single(response.SecurityGroups!);
        Assert.Equal(seed.GetProperty("vpc").GetString(), group.VpcId);
        Assert.Equal("langfuse", group.Description);
    }
}
