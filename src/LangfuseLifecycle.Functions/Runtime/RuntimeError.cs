using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>
/// The error Lambda reports for a failed invocation or init. <see cref="ErrorType"/> is the exception's class name:
/// it is both the <c>Lambda-Runtime-Function-Error-Type</c> header and the name Step Functions <c>ErrorEquals</c> matches.
/// </summary>
public sealed record RuntimeError(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace)
{
    public static RuntimeError FromException(Exception exception)
    {
        var reported = Unwrap(exception);
        var stackTrace = reported.StackTrace is { } text
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new RuntimeError(reported.GetType().Name, reported.Message, stackTrace);
    }

    /// <summary>The <c>{"errorType","errorMessage","stackTrace"}</c> body the Runtime API expects.</summary>
    public byte[] ToJsonBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // Relaxed escaping keeps quotes, '+' and '<>' readable where the raw body is logged; it is never embedded in HTML.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", ErrorType);
            writer.WriteString("errorMessage", ErrorMessage);
            writer.WriteStartArray("stackTrace");
            foreach (var frame in StackTrace)
            {
                writer.WriteStringValue(frame);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Task.WhenAll and friends wrap the real failure; Step Functions must see the real class name.
    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }
}
