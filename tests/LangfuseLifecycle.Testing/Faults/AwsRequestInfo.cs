using System.Collections.Specialized;
using System.Text;
using System.Text.RegularExpressions;

namespace LangfuseLifecycle.Testing.Faults;

/// <summary>Which AWS service and operation a raw HTTP request is, read the way the service itself reads it.</summary>
/// <param name="Service">The SigV4 signing name from the Authorization header's credential scope (<c>ecs</c>,
/// <c>rds</c>, <c>elasticfilesystem</c>…), or <c>unknown</c>.</param>
/// <param name="Operation">The API operation (<c>UpdateService</c>); for restJson, the operation found in botocore's
/// model when available, otherwise <c>"METHOD /path"</c>.</param>
public sealed partial record AwsRequestInfo(string Service, string Operation, AwsProtocol Protocol)
{
    /// <summary><c>service:Operation</c>, the key of the proxy's call counters.</summary>
    public string Key => $"{Service}:{Operation}";

    public bool Matches(string? operationFilter) =>
        operationFilter is null
        || string.Equals(operationFilter, Operation, StringComparison.OrdinalIgnoreCase)
        || string.Equals(operationFilter, Key, StringComparison.OrdinalIgnoreCase)
        || string.Equals(operationFilter, Service + ":*", StringComparison.OrdinalIgnoreCase);

    // For unsigned awsJson requests: the services this project calls, by botocore targetPrefix.
    private static readonly Dictionary<string, string> TargetPrefixSigningNames = new(StringComparer.Ordinal)
    {
        ["AmazonEC2ContainerServiceV20141113"] = "ecs",
        ["AnyScaleFrontendService"] = "application-autoscaling",
        ["AWSStepFunctions"] = "states",
        ["AWSEvents"] = "events",
        ["AppRunner"] = "apprunner",
    };

    public static AwsRequestInfo Read(string method, string pathAndQuery, NameValueCollection headers, byte[] body)
    {
        var service = SigningName(headers["Authorization"]);
        var target = headers["X-Amz-Target"];
        if (!string.IsNullOrEmpty(target))
        {
            var dot = target.LastIndexOf('.');
            service ??= dot > 0 ? TargetPrefixSigningNames.GetValueOrDefault(target[..dot]) : null;
            return new AwsRequestInfo(service ?? "unknown", dot >= 0 ? target[(dot + 1)..] : target, AwsProtocol.AwsJson);
        }

        service ??= "unknown";

        var protocol = string.Equals(service, "ec2", StringComparison.Ordinal) ? AwsProtocol.Ec2 : AwsProtocol.Query;
        var action = FormValue(pathAndQuery.Contains('?', StringComparison.Ordinal) ? pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty, "Action");
        var contentType = headers["Content-Type"] ?? string.Empty;
        if (action is null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            action = FormValue(Encoding.UTF8.GetString(body), "Action");
        }

        if (action is not null)
        {
            return new AwsRequestInfo(service, action, protocol);
        }

        var path = pathAndQuery.Split('?', 2)[0];
        var operation = RestJsonOperations.Resolve(service, method, pathAndQuery) ?? $"{method} {path}";
        return new AwsRequestInfo(service, operation, AwsProtocol.RestJson);
    }

    private static string? SigningName(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }

        var match = CredentialScope().Match(authorization);
        return match.Success ? match.Groups["service"].Value : null;
    }

    private static string? FormValue(string form, string name)
    {
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (string.Equals(Uri.UnescapeDataString(parts[0]), name, StringComparison.Ordinal))
            {
                return parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            }
        }

        return null;
    }

    [GeneratedRegex(@"Credential=[^/,\s]+/\d{8}/[^/]+/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();
}
