using System.Globalization;
using LangfuseLifecycle.Core.Cost;

namespace LangfuseLifecycle.Cli.Commands.Cost;

/// <summary>"1x8" (vCPU x GB) ↔ <see cref="FargateTaskSize"/>; ECS task definitions give CPU units and MiB.</summary>
public static class TaskSizeText
{
    public static FargateTaskSize? TryParse(string text)
    {
        var parts = text.Split(['x', 'X', '/'], StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && decimal.TryParse(parts[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var vcpu)
            && decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var memory)
            && vcpu > 0 && memory > 0
                ? new FargateTaskSize(vcpu, memory)
                : null;
    }

    /// <summary>From a task definition's <c>cpu</c> (units, 1024 = 1 vCPU, or "1 vCPU") and <c>memory</c> (MiB, or "8 GB").</summary>
    public static FargateTaskSize? FromTaskDefinition(string? cpu, string? memory)
    {
        var vcpu = ParseUnits(cpu, "vcpu", 1024m);
        var gb = ParseUnits(memory, "gb", 1024m);
        return vcpu is { } v && gb is { } g ? new FargateTaskSize(v, g) : null;
    }

    private static decimal? ParseUnits(string? value, string suffix, decimal perUnit)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return decimal.TryParse(text[..^suffix.Length].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var direct) ? direct : null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var units) ? units / perUnit : null;
    }
}
