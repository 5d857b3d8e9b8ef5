namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class InvalidCostInputException : CostModelException
{
    public InvalidCostInputException(string field, string message)
        : base(field, message)
    {
    }
}
