using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>Log levels named as Lambda's advanced logging controls name them (<c>AWS_LAMBDA_LOG_LEVEL</c>).</summary>
public enum LogLevel
{
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

/// <summary>An extra field on a log line. Values are written by type (string, number, bool, time, enum, string list; a TimeSpan as
/// milliseconds; an <see cref="EmbeddedMetricDirective"/> as the EMF <c>_aws</c> object); anything else as its <c>ToString()</c>.</summary>
public readonly record struct LogField(string Name, object? Value);

/// <summary>
/// Writes one JSON object per line on stdout: <c>timestamp</c>, <c>level</c>, <c>message</c>, <c>service</c>, <c>handler</c>,
/// <c>request_id</c>, <c>cold_start</c>, <c>action</c> when given, then extra fields. Lambda's JSON log format reads
/// <c>level</c> and <c>timestamp</c> from these lines for log-level filtering. Written with <see cref="Utf8JsonWriter"/>, no reflection.
/// </summary>
public sealed class LambdaLogger
{
    public const string ServiceName = "langfuse-lifecycle";

    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "timestamp", "level", "message", "service", "handler", "request_id", "cold_start", "action",
        "error_type", "error_message", "stack_trace",
    };

    private readonly LogSink sink;
    private readonly string? requestId;
    private readonly bool coldStart;

    public LambdaLogger(Stream output, string handler, TimeProvider timeProvider, LogLevel minimumLevel = LogLevel.Info)
        : this(new LogSink(output, timeProvider, minimumLevel), handler, requestId: null, coldStart: true)
    {
    }

    private LambdaLogger(LogSink sink, string handler, string? requestId, bool coldStart)
    {
        this.sink = sink;
        Handler = handler;
        this.requestId = requestId;
        this.coldStart = coldStart;
    }

    public string Handler { get; }

    public LogLevel MinimumLevel => sink.MinimumLevel;

    /// <summary>Maps <c>AWS_LAMBDA_LOG_LEVEL</c> (set by the function's LoggingConfig) to a level; INFO when unset or unknown.</summary>
    public static LogLevel ParseLevel(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warn,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Fatal,
        _ => LogLevel.Info,
    };

    /// <summary>The same output bound to one invocation's request id.</summary>
    public LambdaLogger ForInvocation(string invocationRequestId, bool isColdStart) =>
        new(sink, Handler, invocationRequestId, isColdStart);

    public bool IsEnabled(LogLevel level) => level >= sink.MinimumLevel;

    public void Debug(string message, string? action = null, params ReadOnlySpan<LogField> fields) =>
        Log(LogLevel.Debug, message, action, exception: null, fields);

    public void Info(string message, string? action = null, params ReadOnlySpan<LogField> fields) =>
        Log(LogLevel.Info, message, action, exception: null, fields);

    public void Warn(string message, string? action = null, params ReadOnlySpan<LogField> fields) =>
        Log(LogLevel.Warn, message, action, exception: null, fields);

    public void Error(string message, Exception? exception = null, string? action = null, params ReadOnlySpan<LogField> fields) =>
        Log(LogLevel.Error, message, action, exception, fields);

    public void Log(LogLevel level, string message, string? action, Exception? exception, params ReadOnlySpan<LogField> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        sink.Write(level, message, Handler, requestId, coldStart, action, exception, fields);
    }

    private sealed class LogSink(Stream output, TimeProvider timeProvider, LogLevel minimumLevel)
    {
        private static readonly JsonWriterOptions WriterOptions = new()
        {
            // Readable messages (quotes, <, &) in CloudWatch; the output is a log line, never HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = false,
        };

        private readonly Lock gate = new();
        private readonly ArrayBufferWriter<byte> buffer = new(1024);
        private Utf8JsonWriter? writer;

        public LogLevel MinimumLevel { get; } = minimumLevel;

        public void Write(
            LogLevel level,
            string message,
            string handler,
            string? requestId,
            bool coldStart,
            string? action,
            Exception? exception,
            ReadOnlySpan<LogField> fields)
        {
            lock (gate)
            {
                buffer.ResetWrittenCount();
                if (writer is null)
                {
                    writer = new Utf8JsonWriter(buffer, WriterOptions);
                }
                else
                {
                    writer.Reset(buffer);
                }

                var now = timeProvider.GetUtcNow();
                writer.WriteStartObject();
                writer.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                writer.WriteString("level", LevelName(level));
                writer.WriteString("message", message);
                writer.WriteString("service", ServiceName);
                writer.WriteString("handler", handler);
                if (requestId is null)
                {
                    writer.WriteNull("request_id");
                }
                else
                {
                    writer.WriteString("request_id", requestId);
                }

                writer.WriteBoolean("cold_start", coldStart);
                if (action is not null)
                {
                    writer.WriteString("action", action);
                }

                if (exception is not null)
                {
                    writer.WriteString("error_type", exception.GetType().Name);
                    writer.WriteString("error_message", exception.Message);
                    if (exception.StackTrace is { } stackTrace)
                    {
                        writer.WriteString("stack_trace", stackTrace);
                    }
                }

                foreach (var field in fields)
                {
                    var name = ReservedNames.Contains(field.Name) ? "field_" + field.Name : field.Name;
                    writer.WritePropertyName(name);
                    if (field.Value is EmbeddedMetricDirective directive)
                    {
                        WriteMetricDirective(writer, directive, now);
                    }
                    else
                    {
                        WriteValue(writer, field.Value);
                    }
                }

                writer.WriteEndObject();
                writer.Flush();

                var newline = buffer.GetSpan(1);
                newline[0] = (byte)'\n';
                buffer.Advance(1);
                try
                {
                    // One write per line so concurrent processes sharing stdout never interleave inside a line.
                    output.Write(buffer.WrittenSpan);
                    output.Flush();
                }
                catch (IOException)
                {
                    // A closed stdout must not turn logging into a handler failure.
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }

        /// <summary>The EMF metadata object: Timestamp in epoch milliseconds (the line's own time), one MetricDirective.</summary>
        private static void WriteMetricDirective(Utf8JsonWriter writer, EmbeddedMetricDirective directive, DateTimeOffset now)
        {
            writer.WriteStartObject();
            writer.WriteNumber("Timestamp", now.ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace", directive.Namespace);
            writer.WriteStartArray("Dimensions");
            foreach (var set in directive.DimensionSets)
            {
                writer.WriteStartArray();
                foreach (var dimension in set)
                {
                    writer.WriteStringValue(dimension);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            foreach (var metric in directive.Metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", metric.Name);
                writer.WriteString("Unit", metric.Unit switch { MetricUnit.Count => "Count", MetricUnit.Seconds => "Seconds", _ => "None" });
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace => "TRACE",
            LogLevel.Debug => "DEBUG",
            LogLevel.Info => "INFO",
            LogLevel.Warn => "WARN",
            LogLevel.Error => "ERROR",
            _ => "FATAL",
        };

        private static void WriteValue(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case int number:
                    writer.WriteNumberValue(number);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case double number when double.IsFinite(number):
                    writer.WriteNumberValue(number);
                    break;
                case decimal number:
                    writer.WriteNumberValue(number);
                    break;
                case DateTimeOffset time:
                    writer.WriteStringValue(time);
                    break;
                case DateTime time:
                    writer.WriteStringValue(time);
                    break;
                case TimeSpan duration:
                    writer.WriteNumberValue(duration.TotalMilliseconds);
                    break;
                case Enum enumValue:
                    writer.WriteStringValue(enumValue.ToString());
                    break;
                case IEnumerable<string> texts:
                    writer.WriteStartArray();
                    foreach (var text in texts)
                    {
                        writer.WriteStringValue(text);
                    }

                    writer.WriteEndArray();
                    break;
                case IFormattable formattable:
                    writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.WriteStringValue(value.ToString());
                    break;
            }
        }
    }
}
