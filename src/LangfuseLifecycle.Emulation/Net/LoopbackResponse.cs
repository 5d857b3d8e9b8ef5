using System.Text;

namespace LangfuseLifecycle.Emulation.Net;

/// <summary>What the server writes back; <see cref="ResetConnection"/> drops the connection with a TCP RST instead.</summary>
public sealed record LoopbackResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? ReasonPhrase { get; init; }

    public bool ResetConnection { get; init; }

    public static LoopbackResponse Reset() => new(0, [], []) { ResetConnection = true };

    public static LoopbackResponse Text(int statusCode, string text, string contentType = "text/plain; charset=utf-8") =>
        new(statusCode, [new("Content-Type", contentType)], Encoding.UTF8.GetBytes(text));

    public static LoopbackResponse Json(int statusCode, string json, string contentType = "application/json", IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        new(statusCode, [new("Content-Type", contentType), .. headers ?? []], Encoding.UTF8.GetBytes(json));
}
