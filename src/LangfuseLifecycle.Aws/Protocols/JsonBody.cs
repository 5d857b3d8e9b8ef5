using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>Reads and writes JSON bodies through the generated per-service contexts' type info only (Protocols/AwsJsonContext.g.cs).</summary>
internal static class JsonBody
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) =>
        value is null ? EmptyObject : JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    public static T Deserialize<T>(AwsServiceMetadata service, string operation, AwsHttpResponse response, JsonTypeInfo<T> typeInfo)
    {
        var body = response.Body.Length == 0 ? EmptyObject : response.Body;
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new AwsResponseFormatException(service.ServiceId, operation, response.StatusCode, "a JSON 'null' body where an object was expected", response.BodyExcerpt());
        }
        catch (JsonException exception)
        {
            throw new AwsResponseFormatException(service.ServiceId, operation, response.StatusCode,
                $"a body that is not valid JSON for {typeof(T).Name} ({exception.Message})", response.BodyExcerpt(), exception);
        }
    }
}
