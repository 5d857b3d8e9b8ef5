using System.Net;
using LangfuseLifecycle.Aws.Adapters.Migration;
using LangfuseLifecycle.Aws.IdentityManagement;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Tests.Adapters.Migration;

public sealed class IamPermissionSimulatorTests
{
    private const string Role = "arn:aws:iam::123456789012:role/langfuse-web";
    private readonly RecordingHttpHandler handler = new();

    [Fact]
    public async Task SimulateAsync_WhenIamPagesTheResults_ShouldFollowTheMarkerAndReturnEveryDecision()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, Page(true, "m-2", ("arn:s:1", "allowed")), "text/xml")
            .Respond(HttpStatusCode.OK, Page(false, null, ("arn:s:2", "explicitDeny")), "text/xml");
        var simulator = new IamPermissionSimulator(new AmazonIdentityManagementServiceClient(TestConfigs.WithHandler(handler)));

        // Act
        var simulation = await simulator.SimulateAsync(new PermissionQuestion(Role, ["secretsmanager:GetSecretValue"], ["arn:s:1", "arn:s:2"], []), CancellationToken.None);

        // Assert
        Assert.Null(simulation.Refusal);
        Assert.Equal([("arn:s:1", true), ("arn:s:2", false)], simulation.Decisions.Select(decision => (decision.ResourceArn, decision.IsAllowed)));
        Assert.DoesNotContain(handler.Requests[0].FormParameters(), pair => pair.Key == "Marker");
        Assert.Contains(new KeyValuePair<string, string>("Marker", "m-2"), handler.Requests[1].FormParameters());
    }

    [Fact]
    public async Task SimulateAsync_WhenTheRoleDoesNotExist_ShouldReturnTheRefusal()
    {
        // Arrange
        handler.Respond(HttpStatusCode.NotFound, """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>
            <Message>The role with name langfuse-web cannot be found.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
            """, "text/xml");
        var simulator = new IamPermissionSimulator(new AmazonIdentityManagementServiceClient(TestConfigs.WithHandler(handler)));

        // Act
        var simulation = await simulator.SimulateAsync(new PermissionQuestion(Role, ["ssm:GetParameters"], ["arn:p:1"], []), CancellationToken.None);

        // Assert
        Assert.StartsWith("NoSuchEntity", simulation.Refusal);
        Assert.Empty(simulation.Decisions);
    }

    private static string Page(bool truncated, string? marker, params (string Resource, string Decision)[] results) =>
        $"""
        <SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult>
        <IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>{(marker is null ? "" : $"<Marker>{marker}</Marker>")}
        <EvaluationResults>{string.Concat(results.Select(result => $"<member><EvalActionName>secretsmanager:GetSecretValue</EvalActionName><EvalResourceName>{result.Resource}</EvalResourceName><EvalDecision>{result.Decision}</EvalDecision></member>"))}</EvaluationResults>
        </SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>
        """;
}
