namespace LangfuseLifecycle.Testing.Asl;

/// <summary>One execution of a definition by <see cref="LocalStepFunctions"/>.</summary>
/// <param name="DefinitionJson">The ASL, e.g. the text of statemachines/migration.asl.json.</param>
public sealed record AslExecutionRequest(string DefinitionJson)
{
    public string InputJson { get; init; } = "{}";

    /// <summary>SAM DefinitionSubstitutions: <c>${Name}</c> → value, applied inside every string.</summary>
    public IReadOnlyDictionary<string, string> Substitutions { get; init; } = new Dictionary<string, string>();

    /// <summary>Per Task state name, the outcome of its 1st, 2nd… call; the last one repeats. A Task state with no
    /// entry fails the run with <see cref="InvalidOperationException"/> (a gap in the test's script, not a result), unless
    /// <see cref="LambdaEndpoint"/> is set.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AslTaskOutcome>> TaskOutcomes { get; init; } = new Dictionary<string, IReadOnlyList<AslTaskOutcome>>();

    /// <summary>When set, Task states without a script call the Lambda Invoke API there (e.g. a
    /// <c>LangfuseLifecycle.Emulation.Lambda.LambdaInvokeEmulator</c>), as <c>arn:aws:states:::lambda:invoke</c> does.</summary>
    public Uri? LambdaEndpoint { get; init; }

    /// <summary>Wait states pass at once.</summary>
    public bool ZeroWaits { get; init; } = true;

    /// <summary>Retriers retry at once (attempt counts still apply).</summary>
    public bool ZeroRetryIntervals { get; init; } = true;

    /// <summary>Overrides merged into the Context Object (<c>$$</c>), e.g. <c>{"Execution":{"Name":"exec-1"}}</c>.
    /// Without it, <c>$$.Execution.Id/Name/StartTime</c> and <c>$$.StateMachine.Id/Name</c> hold local values, as a real
    /// execution always has them.</summary>
    public string? ContextJson { get; init; }
}
