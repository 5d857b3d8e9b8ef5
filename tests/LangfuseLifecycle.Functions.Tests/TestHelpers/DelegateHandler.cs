using System.Text;
using LangfuseLifecycle.Functions.Runtime;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>An <see cref="ILambdaHandler"/> whose behaviour is the lambda a test gives it.</summary>
public sealed class DelegateHandler(Func<ReadOnlyMemory<byte>, InvocationContext, CancellationToken, Task<byte[]>> handle) : ILambdaHandler
{
    public Task<byte[]> HandleAsync(ReadOnlyMemory<byte> payload, InvocationContext context, CancellationToken cancellationToken) =>
        handle(payload, context, cancellationToken);

    /// <summary>Answers with the event it received.</summary>
    public static DelegateHandler Echo() => new((payload, _, _) => Task.FromResult(payload.ToArray()));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
