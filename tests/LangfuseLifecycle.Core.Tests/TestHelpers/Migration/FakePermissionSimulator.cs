using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Core.Tests.TestHelpers.Migration;

/// <summary>Answers like IAM's simulator: every (action, resource) allowed unless listed in <see cref="Denied"/>.</summary>
internal sealed class FakePermissionSimulator : IPermissionSimulator
{
    public HashSet<(string Action, string Resource)> Denied { get; } = [];
    public string? Refusal { get; set; }
    public List<PermissionQuestion> Questions { get; } = [];

    public Task<PermissionSimulation> SimulateAsync(PermissionQuestion question, CancellationToken cancellationToken)
    {
        Questions.Add(question);
        if (Refusal is not null)
        {
            return Task.FromResult(new PermissionSimulation([], Refusal));
        }

        var decisions = question.Actions
            .SelectMany(action => question.ResourceArns.Select(resource =>
                new SimulatedDecision(action, resource, Denied.Contains((action, resource)) ? "implicitDeny" : "allowed")))
            .ToArray();
        return Task.FromResult(new PermissionSimulation(decisions));
    }
}
