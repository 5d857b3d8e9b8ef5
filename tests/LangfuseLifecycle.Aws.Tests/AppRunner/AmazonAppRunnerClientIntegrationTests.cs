using LangfuseLifecycle.Aws.AppRunner;
using LangfuseLifecycle.Aws.AppRunner.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Emulation.AppRunner;

namespace LangfuseLifecycle.Aws.Tests.AppRunner;

/// <summary>App Runner is not in moto: the client talks to the shared loopback stand-in through AWS_ENDPOINT_URL_APPRUNNER.</summary>
public sealed class AmazonAppRunnerClientIntegrationTests : IAsyncLifetime
{
    private readonly AppRunnerStandIn standIn = AppRunnerStandIn.Start();
    private AmazonAppRunnerClient client = null!;
    private SeededAppRunnerService service = null!;

    public Task InitializeAsync()
    {
        standIn.PollsUntilOperationCompletes = 1;
        service = standIn.SeedService(new AppRunnerServiceSeed("langfuse-web", "public.ecr.aws/langfuse/langfuse:2")
        {
            EnvironmentVariables = new Dictionary<string, string> { ["NEXTAUTH_URL"] = "https://langfuse.example.com" },
            Secrets = new Dictionary<string, string> { ["DATABASE_URL"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" },
        });
        var environment = standIn.CreateClientEnvironment();
        client = new AmazonAppRunnerClient(AwsClientConfig.FromEnvironment(name => environment.GetValueOrDefault(name)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    [Fact]
    public async Task UpdateServiceAsync_WhenImageAndEnvironmentChange_ShouldKeepSecretsAndFinishAsSucceededOperation()
    {
        // Arrange
        var current = (await client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = service.ServiceArn })).Service!;
        var source = current.SourceConfiguration!;
        source.ImageRepository!.ImageIdentifier = "public.ecr.aws/langfuse/langfuse:3";
        source.ImageRepository.ImageConfiguration!.RuntimeEnvironmentVariables!["CLICKHOUSE_URL"] = "http://clickhouse.langfuse.local:8123";

        // Act
        var updated = await client.UpdateServiceAsync(new UpdateServiceRequest { ServiceArn = service.ServiceArn, SourceConfiguration = source });
        var operations = await client.ListOperationsAsync(new ListOperationsRequest { ServiceArn = service.ServiceArn });
        var described = (await client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = service.ServiceArn })).Service!;

        // Assert
        Assert.Equal("OPERATION_IN_PROGRESS", updated.Service!.Status);
        var operation = operations.OperationSummaryList!.First(o => o.Id == updated.OperationId);
        Assert.Equal("SUCCEEDED", operation.Status);
        Assert.Equal("RUNNING", described.Status);
        var image = described.SourceConfiguration!.ImageRepository!;
        Assert.Equal("public.ecr.aws/langfuse/langfuse:3", image.ImageIdentifier);
        Assert.Equal("http://clickhouse.langfuse.local:8123", image.ImageConfiguration!.RuntimeEnvironmentVariables!["CLICKHOUSE_URL"]);
        Assert.Equal("https://langfuse.example.com", image.ImageConfiguration.RuntimeEnvironmentVariables["NEXTAUTH_URL"]);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:123456789012:secret:db", image.ImageConfiguration.RuntimeEnvironmentSecrets!["DATABASE_URL"]);
        Assert.Equal(AppRunnerStandIn.WebHealthPath, described.HealthCheckConfiguration!.Path);
        Assert.All(standIn.Requests, request => Assert.True(request.IsSigned));
    }

    [Fact]
    public async Task DescribeServiceAsync_WhenServiceUnknown_ShouldThrowNotFound()
    {
        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(
            () => client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = "arn:aws:apprunner:us-east-1:123456789012:service/other/x" }));

        // Assert
        Assert.Equal("ResourceNotFoundException", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
        Assert.Equal("AppRunner", exception.Service);
    }
}
