using System.Text.Json.Nodes;
using LangfuseLifecycle.Emulation.AppRunner;
using LangfuseLifecycle.Emulation.Lambda;

namespace LangfuseLifecycle.Cli.Demo;

/// <summary>What one demo migration did: the execution's end, the phases shown, and the emulators' state read back
/// afterwards (moto stays up for more checks; the App Runner emulator is gone, hence the copies).</summary>
public sealed record MigrationDemoResult(
    string ExecutionName,
    string Status,
    string? Error,
    string? Cause,
    JsonNode? Output,
    IReadOnlyList<string> Phases,
    IReadOnlyList<string> StatesEntered,
    string SnapshotIdentifier,
    AppRunnerServiceSnapshot WebBefore,
    AppRunnerServiceSnapshot WebAfter,
    IReadOnlyList<AppRunnerOperationSnapshot> WebOperations,
    IReadOnlyList<LambdaInvocation> Invocations,
    IReadOnlyList<string> ExecutionEvents)
{
    public bool Succeeded => Status == "SUCCEEDED";
}
