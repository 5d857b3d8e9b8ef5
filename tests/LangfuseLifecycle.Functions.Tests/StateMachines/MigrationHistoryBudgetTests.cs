using System.Text.Json.Nodes;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>
/// The event counts preflight's history budget uses (<see cref="MigrationHistoryBudget"/>) are measured here from
/// statemachines/migration.asl.json: each loop is the cycle through a Wait state, its iteration writes the events of
/// the states on it (Step Functions history: Task 5 — TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded,
/// TaskStateExited —, Pass/Wait/Choice/Succeed/Fail 2), and its bound is the limit its Choice compares against. An ASL
/// change that adds a state to a loop, a loop, or a retry fails here until the budget says the same.
/// </summary>
public class MigrationHistoryBudgetTests
{
    private static readonly JsonObject States = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json")))!["States"]!.AsObject();

    private static readonly Dictionary<string, int> EventsPerState = new(StringComparer.Ordinal)
    {
        ["Task"] = 5, ["Pass"] = 2, ["Wait"] = 2, ["Choice"] = 2, ["Succeed"] = 2, ["Fail"] = 2,
    };

    [Fact]
    public void Loops_WhenMeasuredFromTheAsl_ShouldMatchTheBudgetPreflightUses()
    {
        var measured = States.Where(state => (string?)state.Value!["Type"] == "Wait")
            .Select(state => Measure(state.Key))
            .ToList();

        Assert.Equal(measured, MigrationHistoryBudget.Loops);
    }

    [Fact]
    public void FixedEvents_WhenMeasuredFromTheAsl_ShouldMatchTheBudgetPreflightUses()
    {
        var everyStateOnce = States.Sum(state => Events(state.Key));
        // Each extra attempt of a Retry: TaskScheduled, TaskStarted, TaskFailed (MaxAttempts defaults to 3).
        var everyRetryOnce = States.Where(state => state.Value!["Retry"] is JsonArray)
            .SelectMany(state => state.Value!["Retry"]!.AsArray())
            .Sum(retry => 3 * ((int?)retry!["MaxAttempts"] ?? 3));
        const int executionStartedAndEnded = 2;

        Assert.Equal(MigrationHistoryBudget.FixedEvents, everyStateOnce + everyRetryOnce + executionStartedAndEnded);
    }

    [Fact]
    public void Definition_WhenItHasParallelOrMapStates_ShouldNotBeBudgetedByThisRule()
    {
        // Parallel and Map write their own events per branch/item: the budget above would need them.
        Assert.DoesNotContain(States, state => (string?)state.Value!["Type"] is "Parallel" or "Map");
        Assert.All(States, state => Assert.Contains((string)state.Value!["Type"]!, EventsPerState.Keys));
    }

    /// <summary>The shortest cycle from a Wait state back to itself, its events, and the limit that ends it.</summary>
    private static MigrationHistoryBudget.Loop Measure(string waitState)
    {
        var cycle = ShortestCycle(waitState);
        var events = cycle.Sum(Events);
        return new MigrationHistoryBudget.Loop(waitState, LimitOf(waitState, cycle), events);
    }

    /// <summary>
    /// A poll loop ends when its Choice compares the poll counter with <c>$.preflight.plan.limits.X</c>; a probe loop
    /// ends when its Task's verdict is "unhealthy", which the probe gives after healthMaxAttempts attempts (HealthProgress).
    /// </summary>
    private static string LimitOf(string waitState, IReadOnlyList<string> cycle)
    {
        foreach (var choice in cycle.Where(name => (string?)States[name]!["Type"] == "Choice"))
        {
            foreach (var rule in States[choice]!["Choices"]!.AsArray())
            {
                if ((string?)rule!["NumericGreaterThanEqualsPath"] is { } limit && limit.StartsWith("$.preflight.plan.limits.", StringComparison.Ordinal))
                {
                    return limit["$.preflight.plan.limits.".Length..];
                }

                if ((string?)rule["StringEquals"] == HealthProgress.Unhealthy && ((string?)rule["Variable"])!.EndsWith(".verdict", StringComparison.Ordinal))
                {
                    return "healthMaxAttempts";
                }
            }
        }

        throw new InvalidOperationException($"The loop through '{waitState}' ({string.Join(" → ", cycle)}) has no limit this test recognises: an unbounded loop.");
    }

    private static List<string> ShortestCycle(string waitState)
    {
        var start = (string)States[waitState]!["Next"]!;
        var previous = new Dictionary<string, string?> { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (current == waitState)
            {
                var path = new List<string>();
                for (string? at = waitState; at is not null; at = previous[at])
                {
                    path.Add(at);
                }

                path.Reverse();
                return path;
            }

            foreach (var next in Successors(current).Where(next => !previous.ContainsKey(next)))
            {
                previous[next] = current;
                queue.Enqueue(next);
            }
        }

        throw new InvalidOperationException($"'{waitState}' is on no loop.");
    }

    private static IEnumerable<string> Successors(string name)
    {
        var state = States[name]!;
        if ((string?)state["Next"] is { } next)
        {
            yield return next;
        }

        if (state["Choices"] is JsonArray choices)
        {
            foreach (var rule in choices)
            {
                yield return (string)rule!["Next"]!;
            }
        }

        if ((string?)state["Default"] is { } fallback)
        {
            yield return fallback;
        }
    }

    private static int Events(string name) => EventsPerState[(string)States[name]!["Type"]!];
}
