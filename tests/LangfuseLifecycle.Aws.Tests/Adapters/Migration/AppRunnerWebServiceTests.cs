using LangfuseLifecycle.Aws.Adapters.Migration;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Emulation.AppRunner;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Migration;

/// <summary>UpdateService against the App Runner stand-in through the real AWS layer (signing, retries).</summary>
public sealed class AppRunnerWebServiceTests : IAsyncLifetime
{
    private readonly AppRunnerStandIn standIn = AppRunnerStandIn.Start();
    private SeededAppRunnerService service = null!;
    private AppRunnerWebService web = null!;

    public Task InitializeAsync()
    {
        standIn.PollsUntilOperationCompletes = 3;
        service = standIn.SeedService(new AppRunnerServiceSeed("langfuse-web", "123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:2.95.1")
        {
            EnvironmentVariables = new Dictionary<string, string> { ["NEXTAUTH_URL"] = "https://langfuse.example.com" },
            AccessRoleArn = "arn:aws:iam::123456789012:role/apprunner-ecr",
        });
        var environment = standIn.CreateClientEnvironment();
        var aws = AwsClientConfig.FromEnvironment(name => environment.GetValueOrDefault(name));
        web = new AppRunnerWebService(aws.WithRetryPolicy(new AwsRetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) }));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await standIn.DisposeAsync();

    [Fact]
    public async Task UpdateAsync_WhenAppRunnerAppliedTheUpdateButAnswered500_ShouldReturnItsOperationWithoutSendingItAgain()
    {
        // Arrange
        var current = (await web.DescribeAsync(service.ServiceArn, CancellationToken.None))!.Configuration;
        var wanted = current with { ImageIdentifier = "123456789012.dkr.ecr.us-east-1.amazonaws.com/langfuse:3.29.0" };
        standIn.AnswerAppliedUpdatesWithServerError();

        // Act
        var operationId = await web.UpdateAsync(service.ServiceArn, wanted, CancellationToken.None);

        // Assert
        Assert.Equal(1, standIn.CountRequests("UpdateService"));
        var update = Assert.Single(standIn.GetOperations(service.ServiceArn), operation => operation.Type == "UPDATE_SERVICE");
        Assert.Equal(update.Id, operationId);
    }
}
