namespace LangfuseLifecycle.Emulation.Moto;

/// <summary>moto_server is missing, exited, or did not answer in time. The message carries its last output.</summary>
public sealed class MotoServerStartException(string message, string diagnostics) : Exception(message)
{
    public string Diagnostics { get; } = diagnostics;
}
