using System.Text.Json;

namespace LangfuseLifecycle.Cli.Exceptions;

/// <summary>The deployed ScalerFunction returned a function error; <see cref="ErrorType"/> is its Lambda error type (the exception class name).</summary>
public sealed class ScalerFunctionFailedException(string function, string errorType, string errorMessage)
    : Exception($"{function} failed with {errorType}: {errorMessage}")
{
    public string ErrorType { get; } = errorType;

    public static ScalerFunctionFailedException FromPayload(string function, byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var type = root.TryGetProperty("errorType", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
            return new ScalerFunctionFailedException(function, type ?? "Unhandled", message ?? "(no message)");
        }
        catch (JsonException)
        {
            return new ScalerFunctionFailedException(function, "Unhandled", System.Text.Encoding.UTF8.GetString(payload));
        }
    }
}
