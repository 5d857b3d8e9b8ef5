namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class InvalidScheduleExpressionException : CostModelException
{
    public InvalidScheduleExpressionException(string field, string expression, string problem)
        : base(field, $"'{expression}' is not a usable EventBridge Scheduler cron expression: {problem}. Expected cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 8 ? * MON-FRI *).")
    {
        Expression = expression;
    }

    public string Expression { get; }
}
