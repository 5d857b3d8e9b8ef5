using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Testing.Faults;

/// <summary>
/// Names restJson requests (EFS, Scheduler…) by matching method and path against the <c>requestUri</c> templates of
/// botocore's service model — the same model moto and the AWS layer are written from. Returns null when botocore
/// cannot be found, so the proxy then counts the call as <c>"METHOD /path"</c>.
/// </summary>
internal static class RestJsonOperations
{
    // Signing names whose botocore folder has another name.
    private static readonly Dictionary<string, string> ModelFolders = new(StringComparer.Ordinal)
    {
        ["elasticfilesystem"] = "efs",
        ["execute-api"] = "apigateway",
    };

    private static readonly Lazy<string?> BotocoreData = new(FindBotocoreData);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<Route>> Routes = new(StringComparer.Ordinal);

    public static string? Resolve(string service, string method, string pathAndQuery)
    {
        var routes = Routes.GetOrAdd(service, LoadRoutes);
        var parts = pathAndQuery.Split('?', 2);
        var path = parts[0];
        var query = parts.Length == 2 ? parts[1] : string.Empty;
        Route? best = null;
        foreach (var route in routes)
        {
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)
                && route.Path.IsMatch(path)
                && route.QueryLiterals.All(literal => query.Split('&').Any(pair => pair.Split('=')[0] == literal))
                && (best is null || route.Specificity > best.Specificity))
            {
                best = route;
            }
        }

        return best?.Operation;
    }

    private static IReadOnlyList<Route> LoadRoutes(string service)
    {
        var data = BotocoreData.Value;
        if (data is null)
        {
            return [];
        }

        var folder = Path.Combine(data, ModelFolders.GetValueOrDefault(service, service));
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var version = Directory.GetDirectories(folder).Order(StringComparer.Ordinal).LastOrDefault();
        var model = version is null ? null : new[] { "service-2.json.gz", "service-2.json" }.Select(name => Path.Combine(version, name)).FirstOrDefault(File.Exists);
        if (model is null)
        {
            return [];
        }

        using var file = File.OpenRead(model);
        using Stream stream = model.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var document = JsonDocument.Parse(stream);
        var routes = new List<Route>();
        foreach (var operation in document.RootElement.GetProperty("operations").EnumerateObject())
        {
            if (!operation.Value.TryGetProperty("http", out var http))
            {
                continue;
            }

            var method = http.GetProperty("method").GetString() ?? "POST";
            var requestUri = http.GetProperty("requestUri").GetString() ?? "/";
            routes.Add(Route.Create(operation.Name, method, requestUri));
        }

        return routes;
    }

    private static string? FindBotocoreData()
    {
        try
        {
            var startInfo = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))");
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            return process.ExitCode == 0 && Directory.Exists(output) ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private sealed record Route(string Operation, string Method, Regex Path, IReadOnlyList<string> QueryLiterals, int Specificity)
    {
        public static Route Create(string operation, string method, string requestUri)
        {
            var parts = requestUri.Split('?', 2);
            var pattern = "^" + Regex.Replace(
                Regex.Escape(parts[0]).Replace(@"\{", "{", StringComparison.Ordinal),
                @"\{(?<name>[^}]+?)(?<greedy>\+)?}",
                match => match.Groups["greedy"].Success ? ".+" : "[^/]+") + "/?$";
            var literals = parts.Length == 2
                ? parts[1].Split('&', StringSplitOptions.RemoveEmptyEntries).Where(pair => !pair.Contains('{', StringComparison.Ordinal)).Select(pair => pair.Split('=')[0]).ToArray()
                : [];
            var specificity = Regex.Replace(parts[0], @"\{[^}]+}", string.Empty).Length + literals.Length * 100;
            return new Route(operation, method, new Regex(pattern, RegexOptions.CultureInvariant), literals, specificity);
        }
    }
}
