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
            return AwsTimestamp.FromEpochSeconds(reader.GetDouble());
        }

        if (reader.TokenType == JsonTokenType.String && AwsTimestamp.TryParse(reader.GetString()!, out var parsed))
        {
            return parsed;
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
