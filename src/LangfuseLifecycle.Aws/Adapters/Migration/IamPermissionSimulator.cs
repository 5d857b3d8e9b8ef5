using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.IdentityManagement;
using LangfuseLifecycle.Aws.IdentityManagement.Model;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>
/// <see cref="IPermissionSimulator"/> over IAM <c>SimulatePrincipalPolicy</c>, following <c>Marker</c> until the last page.
/// IAM's own refusals (no such role, input it rejects, the caller may not simulate) become <see cref="PermissionSimulation.Refusal"/>.
/// </summary>
public sealed class IamPermissionSimulator(IAmazonIdentityManagementService iam) : IPermissionSimulator
{
    private static readonly HashSet<string> Refusals = new(StringComparer.Ordinal)
    {
        "NoSuchEntity", "InvalidInput", "AccessDenied", "AccessDeniedException",
    };

    public async Task<PermissionSimulation> SimulateAsync(PermissionQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var decisions = new List<SimulatedDecision>();
        string? marker = null;
        do
        {
            var request = new SimulatePrincipalPolicyRequest
            {
                PolicySourceArn = question.RoleArn,
                ActionNames = [.. question.Actions],
                ResourceArns = [.. question.ResourceArns],
                ContextEntries = question.Context.Count == 0 ? null : question.Context
                    .Select(value => new ContextEntry { ContextKeyName = value.Key, ContextKeyType = value.Type, ContextKeyValues = [.. value.Values] })
                    .ToList(),
                Marker = marker,
            };
            SimulatePrincipalPolicyResponse response;
            try
            {
                response = await TransientAwsErrors.CallAsync("IAM SimulatePrincipalPolicy", () => iam.SimulatePrincipalPolicyAsync(request, cancellationToken)).ConfigureAwait(false);
            }
            catch (AwsServiceException exception) when (Refusals.Contains(exception.ErrorCode))
            {
                return new PermissionSimulation([], $"{exception.ErrorCode}: {exception.Message}");
            }

            decisions.AddRange((response.EvaluationResults ?? []).Select(result =>
                new SimulatedDecision(result.EvalActionName ?? "", result.EvalResourceName ?? "", result.EvalDecision ?? "implicitDeny")));
            marker = response.IsTruncated == true ? response.Marker : null;
        }
        while (marker is not null);

        return new PermissionSimulation(decisions);
    }
}
