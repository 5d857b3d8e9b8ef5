using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Core.Scheduling;

/// <summary>Where ClickHouse may run: only subnets in an AZ where its EFS file system has a mount target
/// (the AZ of a One Zone file system). AZs are compared by ID, which is stable across accounts; by name only when an ID is unknown.</summary>
public sealed record ClickHousePlacement(
    IReadOnlyList<string> AllowedZoneIds,
    IReadOnlyList<string> AllowedZoneNames,
    IReadOnlyList<string> InZoneSubnets,
    IReadOnlyList<string> OutOfZoneSubnets)
{
    public bool NoSubnetFits => InZoneSubnets.Count == 0;

    public bool NeedsSubnetChange => OutOfZoneSubnets.Count > 0 && InZoneSubnets.Count > 0;

    /// <summary>"apne1-az4 (ap-northeast-1a)" for messages.</summary>
    public IReadOnlyList<string> AllowedZonesForDisplay =>
        [.. AllowedZoneIds.Select((id, index) => index < AllowedZoneNames.Count ? $"{id} ({AllowedZoneNames[index]})" : id)];

    /// <summary>Reads the file system and the service's subnets (in parallel) and decides; the wake and the status read it the same way.</summary>
    internal static async Task<ClickHousePlacement> ReadAsync(
        string fileSystemId, EcsServiceState clickHouse, IFileSystemPort fileSystems, ISubnetPort subnets, CancellationToken cancellationToken)
    {
        var serviceSubnets = clickHouse.Network?.Subnets ?? [];
        var fileSystemTask = fileSystems.DescribeAsync(fileSystemId, cancellationToken);
        var subnetTask = serviceSubnets.Count > 0 ? subnets.DescribeAsync(serviceSubnets, cancellationToken) : Task.FromResult<IReadOnlyList<SubnetPlacement>>([]);
        var fileSystem = await fileSystemTask.ConfigureAwait(false) ?? throw new ClickHouseFileSystemNotFoundException(fileSystemId);
        return Decide(fileSystem, serviceSubnets, await subnetTask.ConfigureAwait(false));
    }

    /// <summary>The summary's view: pinned when every subnet of the service is in an allowed AZ.</summary>
    public PlacementSummary ToSummary(string fileSystemId) =>
        new(fileSystemId, AllowedZonesForDisplay, InZoneSubnets, OutOfZoneSubnets, !NoSubnetFits && !NeedsSubnetChange);

    public static ClickHousePlacement Decide(FileSystemPlacement fileSystem, IReadOnlyList<string> serviceSubnets, IReadOnlyList<SubnetPlacement> subnetZones)
    {
        var zones = new List<(string? Id, string? Name)>();
        if (fileSystem.AvailabilityZoneId is not null || fileSystem.AvailabilityZoneName is not null)
        {
            zones.Add((fileSystem.AvailabilityZoneId, fileSystem.AvailabilityZoneName));
        }

        foreach (var mountTarget in fileSystem.MountTargets)
        {
            if (!zones.Any(zone => SameZone(zone, mountTarget.AvailabilityZoneId, mountTarget.AvailabilityZoneName)))
            {
                zones.Add((mountTarget.AvailabilityZoneId, mountTarget.AvailabilityZoneName));
            }
        }

        var inZone = new List<string>();
        var outOfZone = new List<string>();
        foreach (var subnet in serviceSubnets)
        {
            var placement = subnetZones.FirstOrDefault(candidate => candidate.SubnetId == subnet);
            var fits = placement is not null && zones.Any(zone => SameZone(zone, placement.AvailabilityZoneId, placement.AvailabilityZoneName));
            (fits ? inZone : outOfZone).Add(subnet);
        }

        return new ClickHousePlacement(
            [.. zones.Select(zone => zone.Id ?? zone.Name ?? "unknown")],
            [.. zones.Select(zone => zone.Name ?? zone.Id ?? "unknown")],
            inZone,
            outOfZone);
    }

    private static bool SameZone((string? Id, string? Name) zone, string? id, string? name) =>
        !string.IsNullOrEmpty(zone.Id) && !string.IsNullOrEmpty(id) ? zone.Id == id : !string.IsNullOrEmpty(zone.Name) && zone.Name == name;
}
