using System.Text.Json;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.StateMachines;

/// <summary>The error names in migration.asl.json are the contract with the step handlers: each must be a real exception type.</summary>
public partial class MigrationDefinitionContractTests
{
    private static readonly string Definition = File.ReadAllText(RepositoryFiles.PathOf("statemachines", "migration.asl.json"));

    // Test projects inherit the trim analyzers (IsTestProject is set after Directory.Build.props runs); tests never run trimmed.
#pragma warning disable IL2026
    private static readonly HashSet<string> MigrationExceptionNames = typeof(MigrationException).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(MigrationException)) && !type.IsAbstract)
        .Select(type => type.Name)
        .ToHashSet(StringComparer.Ordinal);

    // The backend phase runs the scheduler's own wake and sleep, so its Tasks may also branch on scheduling errors.
    private static readonly HashSet<string> StepErrorNames = typeof(SchedulingException).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(SchedulingException)) && !type.IsAbstract)
        .Select(type => type.Name)
        .Concat(MigrationExceptionNames)
        .ToHashSet(StringComparer.Ordinal);
#pragma warning restore IL2026

    [Fact]
    public void ErrorEquals_WhenNamingAnError_ShouldNameAStepExceptionOrAStepFunctionsError()
    {
        var names = States().SelectMany(state => Retriers(state.Value).Concat(Catchers(state.Value)))
            .SelectMany(rule => rule.GetProperty("ErrorEquals").EnumerateArray().Select(name => name.GetString()!))
            .Distinct()
            .ToArray();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(
            name.StartsWith("States.", StringComparison.Ordinal) || name.StartsWith("Lambda.", StringComparison.Ordinal) || StepErrorNames.Contains(name),
            $"ErrorEquals names '{name}', which is no exception class in LangfuseLifecycle.Core.Migration.Exceptions or Core.Scheduling.Exceptions"));
    }

    [Fact]
    public void FailurePassStates_WhenSettingAnError_ShouldUseAnExceptionName()
    {
        var errors = States()
            .Where(state => state.Value.GetProperty("Type").GetString() == "Pass"
                && state.Value.TryGetProperty("Parameters", out var parameters)
                && parameters.TryGetProperty("Error", out _))
            .Select(state => state.Value.GetProperty("Parameters").GetProperty("Error").GetString()!)
            .ToArray();

        Assert.NotEmpty(errors);
        Assert.All(errors, error => Assert.Contains(error, MigrationExceptionNames));
    }

    [Fact]
    public void Causes_WhenNamingAnExceptionInText_ShouldNameAnExistingOne()
    {
        var mentioned = ExceptionMention().Matches(Definition).Select(match => match.Value).Distinct().ToArray();

        Assert.NotEmpty(mentioned);
        Assert.All(mentioned, name => Assert.Contains(name, StepErrorNames));
    }

    [Fact]
    public void TransientRetrier_WhenPresentOnATask_ShouldCoverLambdaAndTransientAwsErrors()
    {
        var tasks = States().Where(state => state.Value.GetProperty("Type").GetString() == "Task").ToArray();

        Assert.NotEmpty(tasks);
        foreach (var task in tasks)
        {
            var retried = Retriers(task.Value).SelectMany(rule => rule.GetProperty("ErrorEquals").EnumerateArray().Select(name => name.GetString())).ToHashSet();
            Assert.True(retried.IsSupersetOf(["Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.SdkClientException", nameof(TransientAwsException)]),
                $"Task '{task.Name}' does not retry every transient error");
        }
    }

    private static IEnumerable<JsonProperty> States()
    {
        using var document = JsonDocument.Parse(Definition);
        return document.RootElement.GetProperty("States").Clone().EnumerateObject().ToArray();
    }

    private static IEnumerable<JsonElement> Retriers(JsonElement state) =>
        state.TryGetProperty("Retry", out var retry) ? retry.EnumerateArray() : [];

    private static IEnumerable<JsonElement> Catchers(JsonElement state) =>
        state.TryGetProperty("Catch", out var catchers) ? catchers.EnumerateArray() : [];

    [GeneratedRegex(@"(?<![.A-Za-z])[A-Z][A-Za-z]+Exception")]
    private static partial Regex ExceptionMention();
}
