namespace LangfuseLifecycle.Core.Cost;

public enum CpuArchitecture
{
    X86_64,
    Arm64,
}
