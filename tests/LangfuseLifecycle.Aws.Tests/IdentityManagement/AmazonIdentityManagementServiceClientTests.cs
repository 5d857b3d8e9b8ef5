using System.Net;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.IdentityManagement;
using LangfuseLifecycle.Aws.IdentityManagement.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.IdentityManagement;

/// <summary>IAM SimulatePrincipalPolicy (awsQuery): the form botocore sends, the global endpoint signed for us-east-1, the XML result.
/// moto 5.2.1 has no policy simulator (HTTP 500), so the wire format is checked against botocore's serializer here.</summary>
public sealed class AmazonIdentityManagementServiceClientTests
{
    private readonly RecordingHttpHandler handler = new();

    [Fact]
    public async Task SimulatePrincipalPolicyAsync_WhenCalled_ShouldSerializeLikeBotocoreSignForUsEast1AndParseDecisions()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            <SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <SimulatePrincipalPolicyResult>
                <IsTruncated>true</IsTruncated>
                <Marker>page/3</Marker>
                <EvaluationResults>
                  <member>
                    <EvalActionName>kms:Decrypt</EvalActionName>
                    <EvalResourceName>arn:aws:kms:eu-west-1:123456789012:key/k-1</EvalResourceName>
                    <EvalDecision>allowed</EvalDecision>
                    <MatchedStatements><member><SourcePolicyId>inline</SourcePolicyId></member></MatchedStatements>
                    <MissingContextValues/>
                  </member>
                  <member>
                    <EvalActionName>kms:Decrypt</EvalActionName>
                    <EvalResourceName>arn:aws:kms:eu-west-1:123456789012:key/k 2</EvalResourceName>
                    <EvalDecision>implicitDeny</EvalDecision>
                    <MissingContextValues><member>kms:EncryptionContext:SecretARN</member></MissingContextValues>
                  </member>
                </EvaluationResults>
              </SimulatePrincipalPolicyResult>
              <ResponseMetadata><RequestId>iam-req-1</RequestId></ResponseMetadata>
            </SimulatePrincipalPolicyResponse>
            """, "text/xml");
        var client = new AmazonIdentityManagementServiceClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.SimulatePrincipalPolicyAsync(new SimulatePrincipalPolicyRequest
        {
            PolicySourceArn = "arn:aws:iam::123456789012:role/langfuse-web",
            ActionNames = ["kms:Decrypt"],
            ResourceArns = ["arn:aws:kms:eu-west-1:123456789012:key/k-1", "arn:aws:kms:eu-west-1:123456789012:key/k 2"],
            ContextEntries = [new ContextEntry { ContextKeyName = "kms:ViaService", ContextKeyType = "string", ContextKeyValues = ["secretsmanager.eu-west-1.amazonaws.com"] }],
            Marker = "page/2",
        });

        // Assert
        var request = handler.Requests.Single();
        BotocoreRequestAssert.Matches(Fixtures.Request("iam", "SimulatePrincipalPolicy"), request);
        Assert.Equal("iam.amazonaws.com", request.Uri.Host);
        Assert.Contains("/us-east-1/iam/aws4_request", request.Header("Authorization"));
        Assert.True(response.IsTruncated);
        Assert.Equal("page/3", response.Marker);
        Assert.Equal(["allowed", "implicitDeny"], response.EvaluationResults!.Select(result => result.EvalDecision));
        Assert.Equal("arn:aws:kms:eu-west-1:123456789012:key/k 2", response.EvaluationResults![1].EvalResourceName);
        Assert.Equal(["kms:EncryptionContext:SecretARN"], response.EvaluationResults![1].MissingContextValues!);
    }

    [Fact]
    public async Task SimulatePrincipalPolicyAsync_WhenRoleMissing_ShouldThrowNoSuchEntity()
    {
        // Arrange
        handler.Respond(HttpStatusCode.NotFound, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name langfuse-web cannot be found.</Message></Error>
              <RequestId>iam-req-2</RequestId>
            </ErrorResponse>
            """, "text/xml");
        var client = new AmazonIdentityManagementServiceClient(TestConfigs.WithHandler(handler));

        // Act
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.SimulatePrincipalPolicyAsync(new SimulatePrincipalPolicyRequest
        {
            PolicySourceArn = "arn:aws:iam::123456789012:role/langfuse-web",
            ActionNames = ["secretsmanager:GetSecretValue"],
        }));

        // Assert
        Assert.Equal("NoSuchEntity", error.ErrorCode);
        Assert.Single(handler.Requests);
    }
}
