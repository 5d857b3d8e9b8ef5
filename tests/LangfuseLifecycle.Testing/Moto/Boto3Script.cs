using System.Diagnostics;
using System.Text.Json;
using LangfuseLifecycle.Emulation.Moto;

namespace LangfuseLifecycle.Testing.Moto;

/// <summary>
/// Runs Python with boto3 against a moto_server: how tests create the resources they read and read back what the product
/// changed, so the product's clients carry only the operations the product uses. The script gets <c>client(name)</c>
/// bound to the server and <c>json</c>, and prints one JSON value on its last line.
/// </summary>
public static class Boto3Script
{
    public static async Task<JsonElement> RunAsync(Uri endpoint, string body)
    {
        var script = $"""
            import boto3, json, os
            def client(name):
                return boto3.client(name, endpoint_url='{endpoint}', region_name='{MotoServer.Region}',
                                    aws_access_key_id='testing', aws_secret_access_key='testing')
            """ + "\n" + body + "\n";
        var startInfo = new ProcessStartInfo("python3", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestTimeouts.Scaled(TimeSpan.FromSeconds(60)));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"boto3 script against moto failed ({process.ExitCode}): {await stderr}");
        }

        var lastLine = (await stdout).TrimEnd().Split('\n').Last();
        return JsonDocument.Parse(lastLine).RootElement.Clone();
    }
}
