namespace LangfuseLifecycle.Emulation.AppRunner;

/// <summary>An App Runner error answer (<c>__type</c> and HTTP status), thrown inside the emulator and turned into the wire
/// error by <see cref="AppRunnerProtocol"/>.</summary>
internal sealed class AppRunnerApiError(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public static AppRunnerApiError InvalidRequest(string message) => new(400, "InvalidRequestException", message);
}
