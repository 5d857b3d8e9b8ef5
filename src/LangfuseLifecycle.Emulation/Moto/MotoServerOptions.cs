namespace LangfuseLifecycle.Emulation.Moto;

public sealed record MotoServerOptions
{
    /// <summary>Name looked up on PATH, or an absolute path.</summary>
    public string ExecutableName { get; init; } = "moto_server";

    /// <summary>How long to wait for the first HTTP answer; moto imports every backend lazily, so start-up is ~1–3 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Extra environment for the moto process, e.g. <c>MOTO_ECS_SERVICE_RUNNING</c> (see <see cref="MotoServer"/>'s remarks).
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();
}
