using LangfuseLifecycle.Aws.AppRunner;
using LangfuseLifecycle.Aws.AppRunner.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Testing.Faults;

namespace LangfuseLifecycle.Emulation.Tests.AppRunner;

/// <summary>The stand-in driven by the project's own App Runner client, configured from the environment as in production.</summary>
public sealed class AppRunnerStandInClientTests : IAsyncLifetime
{
    private const string V2Image = "public.ecr.aws/langfuse/langfuse:2.95.0";
    private const string V3Image = "public.ecr.aws/langfuse/langfuse:3.29.0";
    private AppRunnerStandIn _appRunner = null!;
    private SeededAppRunnerService _web = null!;

    public Task InitializeAsync()
    {
        _appRunner = AppRunnerStandIn.Start();
        _appRunner.PollsUntilOperationCompletes = 2;
        _web = _appRunner.SeedService(new AppRunnerServiceSeed("langfuse-web", V2Image)
        {
            EnvironmentVariables = new Dictionary<string, string> { ["DATABASE_HOST"] = "aurora.cluster-abc.us-east-1.rds.amazonaws.com" },
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _appRunner.DisposeAsync();

    [Fact]
    public async Task UpdateService_WhenPolledWithDescribeService_ShouldReachRunningOnTheNewImage()
    {
        // Arrange
        var client = Client(_appRunner.CreateClientEnvironment());

        // Act
        var update = await client.UpdateServiceAsync(new UpdateServiceRequest
        {
            ServiceArn = _web.ServiceArn,
            SourceConfiguration = new SourceConfiguration
            {
                ImageRepository = new ImageRepository
                {
                    ImageIdentifier = V3Image,
                    ImageRepositoryType = "ECR_PUBLIC",
                    ImageConfiguration = new ImageConfiguration
                    {
                        Port = "3000",
                        RuntimeEnvironmentVariables = new Dictionary<string, string> { ["LANGFUSE_ENABLE_BACKGROUND_MIGRATIONS"] = "true" },
                    },
                },
            },
        });
        var statuses = new List<string?>();
        for (var poll = 0; poll < 2; poll++)
        {
            var described = await client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = _web.ServiceArn });
            statuses.Add(described.Service?.Status);
        }

        var operations = await client.ListOperationsAsync(new ListOperationsRequest { ServiceArn = _web.ServiceArn });

        // Assert
        Assert.Equal("OPERATION_IN_PROGRESS", update.Service?.Status);
        Assert.Equal(["OPERATION_IN_PROGRESS", "RUNNING"], statuses);
        var operation = Assert.Single(operations.OperationSummaryList ?? []);
        Assert.Equal((update.OperationId, "UPDATE_SERVICE", "SUCCEEDED"), (operation.Id, operation.Type, operation.Status));
        Assert.Equal(V3Image, _appRunner.GetService(_web.ServiceArn).ImageIdentifier);
        Assert.All(_appRunner.Requests, request => Assert.True(request.IsSigned));
    }

    [Fact]
    public async Task DescribeService_WhenArnIsUnknown_ShouldSurfaceAsNotFound()
    {
        // Arrange
        var client = Client(_appRunner.CreateClientEnvironment());

        // Act
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeServiceAsync(new DescribeServiceRequest
        {
            ServiceArn = "arn:aws:apprunner:us-east-1:123456789012:service/missing/0123456789abcdef0123456789abcdef",
        }));

        // Assert
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task UpdateService_WhenAnOperationIsInProgress_ShouldSurfaceInvalidStateWithoutRetrying()
    {
        // Arrange
        var client = Client(_appRunner.CreateClientEnvironment());
        var request = new UpdateServiceRequest
        {
            ServiceArn = _web.ServiceArn,
            HealthCheckConfiguration = new HealthCheckConfiguration { Protocol = "HTTP", Path = "/api/public/health", Interval = 20, Timeout = 20, HealthyThreshold = 1, UnhealthyThreshold = 20 },
        };
        await client.UpdateServiceAsync(request);

        // Act
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.UpdateServiceAsync(request));

        // Assert
        Assert.Equal("InvalidStateException", error.ErrorCode);
        Assert.Equal(2, _appRunner.CountRequests("UpdateService"));
    }

    [Fact]
    public async Task DescribeService_WhenThrottledOnceByTheProxy_ShouldBeRetriedByTheClient()
    {
        // Arrange
        await using var proxy = FaultInjectingProxy.Start(_appRunner.Endpoint);
        proxy.FailNext(1, Fault.Throttling(), "apprunner:DescribeService");
        var environment = new Dictionary<string, string>(_appRunner.CreateClientEnvironment())
        {
            ["AWS_ENDPOINT_URL_APPRUNNER"] = proxy.Endpoint.GetLeftPart(UriPartial.Authority),
        };
        var client = Client(environment);

        // Act
        var described = await client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = _web.ServiceArn });

        // Assert
        Assert.Equal("RUNNING", described.Service?.Status);
        Assert.Equal(2, proxy.CountCalls("apprunner:DescribeService"));
        Assert.Equal(1, proxy.InjectedFailureCount);
    }

    private static AmazonAppRunnerClient Client(IReadOnlyDictionary<string, string> environment) =>
        new(AwsClientConfig.FromEnvironment(name => environment.GetValueOrDefault(name)));
}
