using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>
/// JSON protocols send timestamps as epoch seconds with a fraction (botocore's default <c>unixTimestamp</c> format).
/// Reading also accepts ISO 8601 strings, which some emulators return.
/// </summary>
internal sealed class AwsTimestampConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDouble();
            return DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed.UtcDateTime;
            }
        }

        throw new JsonException($"Expected a timestamp (epoch seconds or ISO 8601) but found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        var seconds = (utc - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
        writer.WriteNumberValue(Math.Round(seconds, 3));
    }
}
