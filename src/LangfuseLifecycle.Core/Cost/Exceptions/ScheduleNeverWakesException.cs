namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class ScheduleNeverWakesException : CostModelException
{
    public ScheduleNeverWakesException(string field, string expression)
        : base(field, $"'{expression}' never fires within a year of the priced month, so the backend would never wake; check the day-of-month, month and year fields (e.g. cron(0 8 ? * MON-FRI *)).")
    {
        Expression = expression;
    }

    public string Expression { get; }
}
