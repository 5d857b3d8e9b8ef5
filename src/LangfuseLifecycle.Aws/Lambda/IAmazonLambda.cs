namespace LangfuseLifecycle.Aws.Lambda;

/// <summary>Lambda API, named like the official AWS SDK for .NET (only what the CLI's --via-lambda needs).</summary>
public interface IAmazonLambda
{
    /// <summary>Lambda <c>Invoke</c> (POST /2015-03-31/functions/{FunctionName}/invocations).</summary>
    Task<Model.InvokeResponse> InvokeAsync(Model.InvokeRequest request, CancellationToken cancellationToken = default);
}
