namespace LangfuseLifecycle.Core.Scheduling.Ports;

public sealed record SubnetPlacement(string SubnetId, string AvailabilityZoneName, string AvailabilityZoneId);

public interface ISubnetPort
{
    /// <summary>The AZ of each subnet that exists; unknown subnets are absent from the result.</summary>
    Task<IReadOnlyList<SubnetPlacement>> DescribeAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken);
}
