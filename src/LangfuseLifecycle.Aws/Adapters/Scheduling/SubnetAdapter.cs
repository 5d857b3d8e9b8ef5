using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.EC2.Model;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>Subnet → AZ name and ID, via a filter so that a deleted subnet is simply absent instead of failing the whole call.</summary>
public sealed class SubnetAdapter(IAmazonEC2 ec2) : ISubnetPort
{
    public async Task<IReadOnlyList<SubnetPlacement>> DescribeAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken)
    {
        var response = await ec2.DescribeSubnetsAsync(
            new DescribeSubnetsRequest { Filters = [new Filter { Name = "subnet-id", Values = [.. subnetIds] }] }, cancellationToken).ConfigureAwait(false);
        return [.. (response.Subnets ?? [])
            .Where(subnet => subnet.SubnetId is not null)
            .Select(subnet => new SubnetPlacement(subnet.SubnetId!, subnet.AvailabilityZone ?? string.Empty, subnet.AvailabilityZoneId ?? string.Empty))];
    }
}
