using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Functions;

namespace LangfuseLifecycle.Cli.Infrastructure;

/// <summary>
/// <c>--output json</c>: one indented document per command, through the source-generated <see cref="LifecycleJsonContext"/>
/// (the same contract types the functions return; no reflection). The context is the shared one with indentation added.
/// </summary>
public static class JsonOutput
{
    private static readonly LifecycleJsonContext Indented = new(new JsonSerializerOptions(LifecycleJsonContext.Default.Options) { WriteIndented = true });

    public static void Write<T>(CliContext context, T value, Func<LifecycleJsonContext, JsonTypeInfo<T>> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(typeInfo);
        context.JsonOut.WriteLine(JsonSerializer.Serialize(value, typeInfo(Indented)));
        context.JsonOut.Flush();
    }
}
