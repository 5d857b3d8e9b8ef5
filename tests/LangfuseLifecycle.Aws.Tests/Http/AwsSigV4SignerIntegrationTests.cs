using Amazon.Runtime;
using LangfuseLifecycle.Aws.ApplicationAutoScaling;
using LangfuseLifecycle.Aws.CloudFormation;
using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.ECS;
using LangfuseLifecycle.Aws.EventBridge;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.RDS;
using LangfuseLifecycle.Aws.StepFunctions;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Aws.Tests.Http;

/// <summary>
/// moto verifies SigV4 signatures once its unauthenticated allowance (INITIAL_NO_AUTH_ACTION_COUNT) is spent: the seed uses it to
/// create an IAM user and access key, after which every request must be signed correctly with that key.
/// moto 5.2.1 rejects botocore's own signatures for the restJson services (Scheduler, EFS), so those are covered by the
/// botocore canonical-request fixture test instead; every other protocol is checked here.
/// </summary>
public sealed class AwsSigV4SignerIntegrationTests(AuthenticatingMotoServerFixture moto) : IClassFixture<AuthenticatingMotoServerFixture>
{
    private async Task<AwsClientConfig> ConfigAsync(bool correctSecret)
    {
        var (id, secret) = await moto.AccessKeyAsync();
        return new()
        {
            Region = MotoServerFixture.Region,
            Credentials = new BasicAWSCredentials(id, correctSecret ? secret : "not-the-secret"),
            EndpointOverrides = new Dictionary<string, Uri> { ["AWS_ENDPOINT_URL"] = moto.Endpoint },
            RetryPolicy = new AwsRetryPolicy { MaxAttempts = 2 },
        };
    }

    [Fact]
    public async Task Requests_WhenSignedWithValidKey_ShouldBeAcceptedForEveryProtocol()
    {
        // Arrange
        var config = await ConfigAsync(correctSecret: true);

        // Act
        var clusters = await new AmazonECSClient(config).DescribeClustersAsync(new() { Clusters = ["none"] });
        var dbClusters = await new AmazonRDSClient(config).DescribeDBClustersAsync(new());
        var subnets = await new AmazonEC2Client(config).DescribeSubnetsAsync(new() { Filters = [new() { Name = "vpc-id", Values = ["vpc-none"] }] });
        var targets = await new AmazonApplicationAutoScalingClient(config).DescribeScalableTargetsAsync(new() { ServiceNamespace = "ecs" });
        // A service error (not an authentication error) proves the signature was accepted.
        var missingMachine = await Assert.ThrowsAsync<AwsServiceException>(
            () => new AmazonStepFunctionsClient(config).ListExecutionsAsync(new() { StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:none" }));
        var events = await new AmazonEventBridgeClient(config).PutEventsAsync(new() { Entries = [new() { Source = "langfuse.lifecycle", DetailType = "Test", Detail = "{}" }] });
        var stacks = await new AmazonCloudFormationClient(config).DescribeStacksAsync(new());

        // Assert
        Assert.Empty(clusters.Clusters!);
        Assert.Empty(dbClusters.DBClusters!);
        Assert.Empty(subnets.Subnets!);
        Assert.Empty(targets.ScalableTargets!);
        Assert.Equal("StateMachineDoesNotExist", missingMachine.ErrorCode);
        Assert.Equal(0, events.FailedEntryCount);
        Assert.Empty(stacks.Stacks!);
    }

    [Fact]
    public async Task Requests_WhenSignedWithWrongSecret_ShouldBeRejectedWithSignatureDoesNotMatchWithoutRetry()
    {
        // Arrange
        var config = await ConfigAsync(correctSecret: false);

        // Act
        var json = await Assert.ThrowsAsync<AwsServiceException>(() => new AmazonECSClient(config).DescribeClustersAsync(new() { Clusters = ["none"] }));
        var query = await Assert.ThrowsAsync<AwsServiceException>(() => new AmazonRDSClient(config).DescribeDBClustersAsync(new()));

        // Assert
        Assert.Equal("SignatureDoesNotMatch", json.ErrorCode);
        Assert.Equal(403, json.StatusCode);
        Assert.False(json.IsRetryable);
        Assert.Equal("SignatureDoesNotMatch", query.ErrorCode);
    }
}

/// <summary>A moto_server that checks signatures, with one IAM user allowed everything (created on first use).</summary>
public sealed class AuthenticatingMotoServerFixture : MotoFixture
{
    private Task<(string Id, string Secret)>? key;

    protected override MotoServerOptions Options => new()
    {
        EnvironmentVariables = new Dictionary<string, string> { ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3" },
    };

    /// <summary>Spends moto's three unauthenticated actions on creating the user, its policy and its access key.</summary>
    public Task<(string Id, string Secret)> AccessKeyAsync() => key ??= CreateAccessKeyAsync();

    private async Task<(string Id, string Secret)> CreateAccessKeyAsync()
    {
        var created = await MotoSeeder.RunAsync(Endpoint, """
            iam = client('iam')
            iam.create_user(UserName='langfuse-lifecycle')
            iam.put_user_policy(UserName='langfuse-lifecycle', PolicyName='all',
                PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))
            key = iam.create_access_key(UserName='langfuse-lifecycle')['AccessKey']
            print(json.dumps({'id': key['AccessKeyId'], 'secret': key['SecretAccessKey']}))
            """);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }
}
