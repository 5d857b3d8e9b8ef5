using LangfuseLifecycle.Aws.AppRunner;
using LangfuseLifecycle.Aws.AppRunner.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.AppRunner;

/// <summary>App Runner is not in moto: the client talks to a loopback stand-in reached through AWS_ENDPOINT_URL_APPRUNNER.</summary>
public sealed class AmazonAppRunnerClientIntegrationTests : IAsyncLifetime
{
    private const string ServiceArn = "arn:aws:apprunner:eu-west-1:123456789012:service/langfuse/abc";
    private readonly AppRunnerStandIn standIn = new(ServiceArn);
    private AmazonAppRunnerClient client = null!;

    public Task InitializeAsync()
    {
        var config = AwsClientConfig.FromEnvironment(TestConfigs.Variables(
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
            ("AWS_ENDPOINT_URL_APPRUNNER", standIn.Endpoint.ToString())));
        client = new AmazonAppRunnerClient(config);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    [Fact]
    public async Task UpdateServiceAsync_WhenImageAndEnvironmentChange_ShouldKeepSecretsAndBeSeenByDescribeAndListOperations()
    {
        // Arrange
        var current = (await client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = ServiceArn })).Service!;
        var source = current.SourceConfiguration!;
        source.ImageRepository!.ImageIdentifier = "langfuse/langfuse:3";
        source.ImageRepository.ImageConfiguration!.RuntimeEnvironmentVariables!["CLICKHOUSE_URL"] = "http://clickhouse.langfuse.local:8123";

        // Act
        var updated = await client.UpdateServiceAsync(new UpdateServiceRequest
        {
            ServiceArn = ServiceArn,
            SourceConfiguration = source,
            NetworkConfiguration = new NetworkConfiguration
            {
                EgressConfiguration = new EgressConfiguration { EgressType = "VPC", VpcConnectorArn = "arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/langfuse/1/x" },
            },
        });
        var described = (await client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = ServiceArn })).Service!;
        var operations = await client.ListOperationsAsync(new ListOperationsRequest { ServiceArn = ServiceArn });

        // Assert
        Assert.Equal(["AppRunner.DescribeService", "AppRunner.UpdateService", "AppRunner.DescribeService", "AppRunner.ListOperations"], standIn.Targets);
        var image = described.SourceConfiguration!.ImageRepository!;
        Assert.Equal("langfuse/langfuse:3", image.ImageIdentifier);
        Assert.Equal("http://clickhouse.langfuse.local:8123", image.ImageConfiguration!.RuntimeEnvironmentVariables!["CLICKHOUSE_URL"]);
        Assert.Equal("https://langfuse.example.com", image.ImageConfiguration.RuntimeEnvironmentVariables["NEXTAUTH_URL"]);
        Assert.Equal("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", image.ImageConfiguration.RuntimeEnvironmentSecrets!["DATABASE_URL"]);
        Assert.Equal("arn:aws:iam::123456789012:role/apprunner-ecr", described.SourceConfiguration.AuthenticationConfiguration!.AccessRoleArn);
        Assert.Equal("VPC", described.NetworkConfiguration!.EgressConfiguration!.EgressType);
        Assert.Equal("/api/public/health", described.HealthCheckConfiguration!.Path);
        Assert.Equal("1024", described.InstanceConfiguration!.Cpu);
        var operation = Assert.Single(operations.OperationSummaryList!);
        Assert.Equal(updated.OperationId, operation.Id);
        Assert.Equal("SUCCEEDED", operation.Status);
        Assert.NotNull(operation.EndedAt);
    }

    [Fact]
    public async Task DescribeServiceAsync_WhenServiceUnknown_ShouldThrowNotFound()
    {
        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeServiceAsync(new DescribeServiceRequest { ServiceArn = "arn:aws:apprunner:eu-west-1:123456789012:service/other/x" }));

        // Assert
        Assert.Equal("ResourceNotFoundException", exception.ErrorCode);
        Assert.True(exception.IsNotFound);
        Assert.Equal("AppRunner", exception.Service);
        Assert.NotNull(exception.RequestId);
    }
}
