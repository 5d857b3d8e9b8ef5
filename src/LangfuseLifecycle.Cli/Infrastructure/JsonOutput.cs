using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LangfuseLifecycle.Cli.Infrastructure;

/// <summary>
/// <c>--output json</c>: one indented document per command, through the CLI's source-generated <see cref="CliJsonContext"/>
/// (no reflection).
/// </summary>
public static class JsonOutput
{
    public static void Write<T>(CliContext context, T value, Func<CliJsonContext, JsonTypeInfo<T>> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(typeInfo);
        context.JsonOut.WriteLine(JsonSerializer.Serialize(value, typeInfo(CliJsonContext.Default)));
        context.JsonOut.Flush();
    }
}
