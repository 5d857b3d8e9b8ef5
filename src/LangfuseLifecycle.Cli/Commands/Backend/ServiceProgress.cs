using System.Globalization;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;

namespace LangfuseLifecycle.Cli.Commands.Backend;

/// <summary>
/// What the operator sees while a wake or sleep waits: one DescribeServices per poll, as "service running/desired
/// (pending)". Cosmetic: a failed or denied read shows nothing and never fails the action it watches.
/// </summary>
public sealed class ServiceProgress(IAmazonECS ecs, string cluster, IReadOnlyList<string> services)
{
    public async Task<string?> SnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [.. services] }, cancellationToken).ConfigureAwait(false);
            var described = response.Services ?? [];
            return described.Count == 0 ? null : string.Join(" · ", described.Select(Describe));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null;
        }
    }

    internal static string Describe(Service service)
    {
        var pending = service.PendingCount is > 0 ? $" ({service.PendingCount.Value.ToString(CultureInfo.InvariantCulture)} pending)" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{service.ServiceName} {service.RunningCount ?? 0}/{service.DesiredCount ?? 0} running{pending}");
    }
}
