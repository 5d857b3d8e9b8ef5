namespace LangfuseLifecycle.Core.Cost.Exceptions;

/// <summary>Base of every cost-model input error; <see cref="Field"/> names the input to fix.</summary>
public abstract class CostModelException : Exception
{
    protected CostModelException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    public string Field { get; }
}
