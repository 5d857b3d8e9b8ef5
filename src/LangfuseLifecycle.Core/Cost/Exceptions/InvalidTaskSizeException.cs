namespace LangfuseLifecycle.Core.Cost.Exceptions;

public sealed class InvalidTaskSizeException : CostModelException
{
    public InvalidTaskSizeException(string field, string message)
        : base(field, message)
    {
    }
}
