using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.ECS.Model;
using Task = System.Threading.Tasks.Task;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>An <see cref="IAmazonECS"/> that answers DescribeServices with a canned response and records UpdateService requests.
/// The operations the scheduling adapter does not use fail loudly, so a test notices if it starts to.</summary>
public sealed class RecordingEcs(DescribeServicesResponse describe, DescribeTaskDefinitionResponse? taskDefinition = null) : IAmazonECS
{
    public List<UpdateServiceRequest> Updates { get; } = [];

    public List<RegisterTaskDefinitionRequest> Registrations { get; } = [];

    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default) => Task.FromResult(describe);

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default)
    {
        Updates.Add(request);
        return Task.FromResult(new UpdateServiceResponse());
    }

    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ListTagsForResourceRequest request, CancellationToken cancellationToken = default) => Unused<ListTagsForResourceResponse>();

    public Task<TagResourceResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) => Unused<TagResourceResponse>();

    public Task<UntagResourceResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default) => Unused<UntagResourceResponse>();

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default) => Unused<ListTasksResponse>();

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) => Unused<DescribeTasksResponse>();

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        taskDefinition is null ? Unused<DescribeTaskDefinitionResponse>() : Task.FromResult(taskDefinition);

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default)
    {
        if (taskDefinition is null)
        {
            return Unused<RegisterTaskDefinitionResponse>();
        }

        Registrations.Add(request);
        return Task.FromResult(new RegisterTaskDefinitionResponse { TaskDefinition = new TaskDefinition { TaskDefinitionArn = $"{request.Family}:{Registrations.Count + 1}" } });
    }

    public Task<DescribeClustersResponse> DescribeClustersAsync(DescribeClustersRequest request, CancellationToken cancellationToken = default) => Unused<DescribeClustersResponse>();

    private static Task<T> Unused<T>() => Task.FromException<T>(new InvalidOperationException("The scheduling adapter test does not expect this ECS operation."));
}
