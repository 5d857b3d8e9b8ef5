using Amazon.Runtime;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.Http;

public sealed class AwsClientConfigTests
{
    private static readonly (string, string)[] Keys = [("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "secret")];

    [Fact]
    public void FromEnvironment_WhenRegionMissing_ShouldThrowNamingBothVariables()
    {
        // Arrange
        var variables = TestConfigs.Variables(Keys);

        // Act
        var exception = Assert.Throws<AwsConfigurationException>(() => AwsClientConfig.FromEnvironment(variables));

        // Assert
        Assert.Contains("AWS_REGION", exception.Message);
        Assert.Contains("AWS_DEFAULT_REGION", exception.Message);
    }

    [Fact]
    public void FromEnvironment_WhenOnlyDefaultRegionSet_ShouldUseDefaultRegion()
    {
        // Arrange
        var variables = TestConfigs.Variables([.. Keys, ("AWS_DEFAULT_REGION", "eu-central-1")]);

        // Act
        var config = AwsClientConfig.FromEnvironment(variables);

        // Assert
        Assert.Equal("eu-central-1", config.Region);
    }

    [Fact]
    public void FromEnvironment_WhenBothRegionVariablesSet_ShouldPreferAwsRegion()
    {
        // Arrange
        var variables = TestConfigs.Variables([.. Keys, ("AWS_REGION", "eu-west-1"), ("AWS_DEFAULT_REGION", "us-east-1")]);

        // Act
        var config = AwsClientConfig.FromEnvironment(variables);

        // Assert
        Assert.Equal("eu-west-1", config.Region);
    }

    [Fact]
    public async Task FromEnvironment_WhenSessionTokenSet_ShouldUseEnvironmentCredentialsWithToken()
    {
        // Arrange
        var variables = TestConfigs.Variables([.. Keys, ("AWS_SESSION_TOKEN", "token"), ("AWS_REGION", "eu-west-1")]);

        // Act
        var credentials = await AwsClientConfig.FromEnvironment(variables).Credentials.GetCredentialsAsync();

        // Assert
        Assert.Equal("AKID", credentials.AccessKey);
        Assert.Equal("secret", credentials.SecretKey);
        Assert.Equal("token", credentials.Token);
    }

    [Fact]
    public void FromEnvironment_WhenProfileDoesNotExist_ShouldThrowNamingProfile()
    {
        // Arrange
        var variables = TestConfigs.Variables(("AWS_REGION", "eu-west-1"));

        // Act
        var exception = Assert.Throws<AwsConfigurationException>(
            () => AwsClientConfig.FromEnvironment(variables, profileName: "langfuse-lifecycle-no-such-profile"));

        // Assert
        Assert.Contains("'langfuse-lifecycle-no-such-profile'", exception.Message);
        Assert.Contains("--profile", exception.Message);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL", "localhost:5000")]
    [InlineData("AWS_ENDPOINT_URL", "not a url")]
    [InlineData("AWS_ENDPOINT_URL_ECS", "ftp://127.0.0.1:5000")]
    [InlineData("AWS_ENDPOINT_URL_APPRUNNER", "http://127.0.0.1:5000/?x=1")]
    [InlineData("AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING", "/relative/path")]
    public void FromEnvironment_WhenEndpointOverrideIsNotUrl_ShouldThrowNamingVariable(string variable, string value)
    {
        // Arrange
        var variables = TestConfigs.Variables([.. Keys, ("AWS_REGION", "eu-west-1"), (variable, value)]);

        // Act
        var exception = Assert.Throws<AwsConfigurationException>(() => AwsClientConfig.FromEnvironment(variables));

        // Assert
        Assert.Contains(variable + "=", exception.Message);
        Assert.Contains(value, exception.Message);
    }

    [Theory]
    [InlineData("eu-west-1", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("ap-northeast-1", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData("us-isob-east-1", "https://iam.us-isob-east-1.sc2s.sgov.gov/", "us-isob-east-1")]
    public void ResolveEndpoint_WhenServiceIsIam_ShouldUseThePartitionsGlobalEndpointAndSigningRegion(string region, string expected, string signingRegion)
    {
        // Arrange
        var config = AwsClientConfig.FromEnvironment(TestConfigs.Variables([.. Keys, ("AWS_REGION", region)]));

        // Act
        var endpoint = config.ResolveEndpoint(AwsServices.Iam);

        // Assert: botocore endpoints.json partitionEndpoint hostname and credentialScope region.
        Assert.Equal(new Uri(expected), endpoint);
        Assert.Equal(signingRegion, config.ResolveSigningRegion(AwsServices.Iam));
        Assert.Equal(region, config.ResolveSigningRegion(AwsServices.Ecs));
    }

    [Theory]
    [InlineData("ECS", "https://ecs.eu-west-1.amazonaws.com/")]
    [InlineData("EFS", "https://elasticfilesystem.eu-west-1.amazonaws.com/")]
    [InlineData("SFN", "https://states.eu-west-1.amazonaws.com/")]
    [InlineData("Application Auto Scaling", "https://application-autoscaling.eu-west-1.amazonaws.com/")]
    [InlineData("AppRunner", "https://apprunner.eu-west-1.amazonaws.com/")]
    public void ResolveEndpoint_WhenNoOverride_ShouldUseEndpointPrefixAndRegion(string serviceId, string expected)
    {
        // Arrange
        var config = AwsClientConfig.FromEnvironment(TestConfigs.Variables([.. Keys, ("AWS_REGION", "eu-west-1")]));
        var service = AwsServices.All.Single(s => s.ServiceId == serviceId);

        // Act
        var endpoint = config.ResolveEndpoint(service);

        // Assert
        Assert.Equal(new Uri(expected), endpoint);
    }

    [Fact]
    public void ResolveEndpoint_WhenServiceAndGlobalOverridesSet_ShouldPreferServiceOverride()
    {
        // Arrange
        var config = AwsClientConfig.FromEnvironment(TestConfigs.Variables(
            [.. Keys, ("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_ENDPOINT_URL_APPRUNNER", "http://127.0.0.1:6000/apprunner")]));

        // Act
        var appRunner = config.ResolveEndpoint(AwsServices.AppRunner);
        var ecs = config.ResolveEndpoint(AwsServices.Ecs);

        // Assert
        Assert.Equal(new Uri("http://127.0.0.1:6000/apprunner/"), appRunner);
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), ecs);
    }

    [Fact]
    public void ResolveEndpoint_WhenIgnoreConfiguredEndpointsSet_ShouldUseAwsEndpoint()
    {
        // Arrange
        var config = AwsClientConfig.FromEnvironment(TestConfigs.Variables(
            [.. Keys, ("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]));

        // Act
        var endpoint = config.ResolveEndpoint(AwsServices.Ecs);

        // Assert
        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"), endpoint);
    }

    [Theory]
    [InlineData("Application Auto Scaling", "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING")]
    [InlineData("AppRunner", "AWS_ENDPOINT_URL_APPRUNNER")]
    [InlineData("SFN", "AWS_ENDPOINT_URL_SFN")]
    [InlineData("EventBridge", "AWS_ENDPOINT_URL_EVENTBRIDGE")]
    public void EndpointVariableName_WhenServiceIdHasSpacesOrCase_ShouldUpperCaseAndUseUnderscores(string serviceId, string expected)
    {
        // Arrange
        var service = AwsServices.All.Single(s => s.ServiceId == serviceId);

        // Act
        var name = service.EndpointVariableName;

        // Assert
        Assert.Equal(expected, name);
    }

    [Fact]
    public void Credentials_WhenExplicitlyGiven_ShouldBeUsedAsIs()
    {
        // Arrange
        var credentials = new BasicAWSCredentials("a", "b");

        // Act
        var config = new AwsClientConfig { Region = "eu-west-1", Credentials = credentials };

        // Assert
        Assert.Same(credentials, config.Credentials);
        Assert.Same(AwsRetryPolicy.Default, config.RetryPolicy);
    }
}

public sealed class AwsClientConfigRetryTests
{
    private static Func<string, string?> With(string maxAttempts) => TestConfigs.Variables(
        ("AWS_REGION", "eu-west-1"), ("AWS_ACCESS_KEY_ID", "a"), ("AWS_SECRET_ACCESS_KEY", "b"), ("AWS_MAX_ATTEMPTS", maxAttempts));

    [Fact]
    public void FromEnvironment_WhenMaxAttemptsSet_ShouldUseIt()
    {
        // Act
        var config = AwsClientConfig.FromEnvironment(With("2"));

        // Assert
        Assert.Equal(2, config.RetryPolicy.MaxAttempts);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("three")]
    [InlineData("100")]
    public void FromEnvironment_WhenMaxAttemptsInvalid_ShouldThrowNamingVariable(string value)
    {
        // Act
        var exception = Assert.Throws<AwsConfigurationException>(() => AwsClientConfig.FromEnvironment(With(value)));

        // Assert
        Assert.Contains($"AWS_MAX_ATTEMPTS='{value}'", exception.Message);
    }
}
