namespace LangfuseLifecycle.Core.Migration;

/// <summary>One reason the migration cannot start: the setting or resource at fault, what is wrong, and how to fix it.</summary>
public sealed record PreflightProblem(string Field, string Problem, string Fix)
{
    public override string ToString() => $"{Field}: {Problem} Fix: {Fix}";
}
