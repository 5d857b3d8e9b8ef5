using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Functions.Runtime.Exceptions;

namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>
/// A handler whose event and result are JSON types registered in its capability's context (<c>ScalerJsonContext</c>,
/// <c>MigrationJsonContext</c>, <c>DiagnosticsJsonContext</c>). Subclasses pass that context's type infos, e.g.
/// <c>: base(ScalerJsonContext.Default.ScalerEvent, ScalerJsonContext.Default.ScalerSummary)</c>.
/// An event that is not valid JSON for <typeparamref name="TEvent"/> fails with <see cref="InvalidEventException"/> before any work.
/// </summary>
public abstract class JsonLambdaHandler<TEvent, TResult> : ILambdaHandler
{
    private readonly JsonTypeInfo<TEvent> eventTypeInfo;
    private readonly JsonTypeInfo<TResult> resultTypeInfo;

    protected JsonLambdaHandler(JsonTypeInfo<TEvent> eventTypeInfo, JsonTypeInfo<TResult> resultTypeInfo)
    {
        this.eventTypeInfo = eventTypeInfo ?? throw new ArgumentNullException(nameof(eventTypeInfo));
        this.resultTypeInfo = resultTypeInfo ?? throw new ArgumentNullException(nameof(resultTypeInfo));
    }

    public async Task<byte[]> HandleAsync(ReadOnlyMemory<byte> payload, InvocationContext context, CancellationToken cancellationToken)
    {
        var input = DeserializeEvent(payload);
        var result = await HandleEventAsync(input, context, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(result, resultTypeInfo);
    }

    /// <summary>The typed entry point; also what the CLI and tests call directly.</summary>
    public abstract Task<TResult> HandleEventAsync(TEvent input, InvocationContext context, CancellationToken cancellationToken);

    /// <summary>Parses an event the way the bootstrap does; public so callers outside Lambda (CLI, tests) get the same errors.</summary>
    public virtual TEvent DeserializeEvent(ReadOnlyMemory<byte> payload)
    {
        var eventName = typeof(TEvent).Name;
        if (IsBlank(payload.Span))
        {
            throw new InvalidEventException(
                $"The {eventName} event is empty. Send a JSON object (at least {{}}).");
        }

        TEvent? input;
        try
        {
            input = JsonSerializer.Deserialize(payload.Span, eventTypeInfo);
        }
        catch (JsonException exception)
        {
            var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
            var position = exception.LineNumber is { } line
                ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})"
                : string.Empty;
            throw new InvalidEventException(
                $"The {eventName} event is not valid at '{path}'{position}: {WithoutLocation(exception.Message)} Fix that field of the event and invoke again.",
                exception);
        }

        return input ?? throw new InvalidEventException(
            $"The {eventName} event is JSON null. Send a JSON object (at least {{}}).");
    }

    // System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 3." which the message above already says.
    private static string WithoutLocation(string message)
    {
        var location = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (location < 0 ? message : message[..location]).TrimEnd();
    }

    private static bool IsBlank(ReadOnlySpan<byte> payload)
    {
        foreach (var b in payload)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
