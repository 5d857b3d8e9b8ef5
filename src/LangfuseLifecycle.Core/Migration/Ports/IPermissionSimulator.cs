namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>
/// Asks IAM's policy simulator whether a role's identity-based policies allow actions on resources (SimulatePrincipalPolicy).
/// Changes nothing. Resource policies (secret policies, KMS key policies) are not part of this simulation.
/// </summary>
public interface IPermissionSimulator
{
    /// <summary>Every decision, or <see cref="PermissionSimulation.Refusal"/> when IAM would not simulate (no such role,
    /// the caller may not simulate it, invalid input): a preflight problem, not a crash.</summary>
    Task<PermissionSimulation> SimulateAsync(PermissionQuestion question, CancellationToken cancellationToken);
}

public sealed record PermissionSimulation(IReadOnlyList<SimulatedDecision> Decisions, string? Refusal = null);

/// <summary>May <paramref name="RoleArn"/> call each of <paramref name="Actions"/> on each of <paramref name="ResourceArns"/>, with the given condition-key values?</summary>
public sealed record PermissionQuestion(string RoleArn, IReadOnlyList<string> Actions, IReadOnlyList<string> ResourceArns, IReadOnlyList<PolicyContextValue> Context);

/// <summary>A condition key's value for the simulation (e.g. <c>kms:ViaService</c>, type <c>string</c>).</summary>
public sealed record PolicyContextValue(string Key, string Type, IReadOnlyList<string> Values);

/// <param name="Decision">IAM's <c>EvalDecision</c>: <c>allowed</c>, <c>explicitDeny</c> or <c>implicitDeny</c>.</param>
public sealed record SimulatedDecision(string Action, string ResourceArn, string Decision)
{
    public bool IsAllowed => Decision == "allowed";
}
