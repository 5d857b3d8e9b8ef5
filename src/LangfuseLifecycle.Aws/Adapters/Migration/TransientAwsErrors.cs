using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Core.Migration.Exceptions;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>
/// After the AWS layer's own retries, what a later attempt may still fix (throttling, 5xx, a dropped connection) becomes
/// <see cref="TransientAwsException"/>: the state machine retries that name with back-off; everything else goes to Catch.
/// </summary>
internal static class TransientAwsErrors
{
    public static async Task<T> CallAsync<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.IsRetryable)
        {
            throw new TransientAwsException($"{action}: {exception.Message}", exception);
        }
        catch (AwsConnectionException exception)
        {
            throw new TransientAwsException($"{action}: {exception.Message}", exception);
        }
    }

    /// <summary>Runs a describe call and maps "not found" to null.</summary>
    public static async Task<T?> FindAsync<T>(string action, Func<Task<T?>> call)
        where T : class
    {
        try
        {
            return await CallAsync(action, call).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }
}
