namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

/// <summary>None of the ClickHouse service's subnets is in the AZ of its EFS file system: a task there could not mount its data. Nothing was changed and no worker was started.</summary>
public sealed class ClickHouseAvailabilityZoneMismatchException(
    string service,
    IReadOnlyList<string> allowedAvailabilityZones,
    IReadOnlyList<string> serviceSubnets)
    : SchedulingException(
        $"ClickHouse service '{service}' has no subnet in the file system's availability zone {string.Join(" or ", allowedAvailabilityZones)}; " +
        $"its subnets are {string.Join(", ", serviceSubnets)}. Nothing was changed. " +
        $"Fix: add a subnet in {string.Join(" or ", allowedAvailabilityZones)} to the service's network configuration.")
{
    public string Service { get; } = service;
    public IReadOnlyList<string> AllowedAvailabilityZones { get; } = allowedAvailabilityZones;
    public IReadOnlyList<string> ServiceSubnets { get; } = serviceSubnets;
}
