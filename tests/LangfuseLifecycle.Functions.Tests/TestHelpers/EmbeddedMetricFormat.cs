using System.Text.Json;

namespace LangfuseLifecycle.Functions.Tests.TestHelpers;

/// <summary>
/// Checks a log line against the CloudWatch Embedded Metric Format specification
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
/// a root object with an <c>_aws</c> metadata object holding <c>Timestamp</c> (epoch milliseconds) and <c>CloudWatchMetrics</c>
/// (MetricDirectives); each directive a non-empty <c>Namespace</c>, <c>Dimensions</c> (arrays of at most 30 names) and
/// <c>Metrics</c> (at most 100, each a <c>Name</c>, an optional valid <c>Unit</c> and <c>StorageResolution</c> 1 or 60); every
/// referenced dimension a top-level string member of at most 1024 characters; every metric a top-level number (or an
/// array of at most 100 numbers).
/// </summary>
internal static class EmbeddedMetricFormat
{
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
        "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
        "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
        "Terabits/Second", "Count/Second", "None",
    };

    private static readonly HashSet<string> MetadataMembers = new(StringComparer.Ordinal) { "Timestamp", "CloudWatchMetrics", "LogGroupName" };
    private static readonly HashSet<string> DirectiveMembers = new(StringComparer.Ordinal) { "Namespace", "Dimensions", "Metrics" };
    private static readonly HashSet<string> MetricMembers = new(StringComparer.Ordinal) { "Name", "Unit", "StorageResolution" };

    /// <summary>The violations of <paramref name="root"/>; empty when it is a valid EMF document.</summary>
    public static IReadOnlyList<string> Violations(JsonElement root)
    {
        var violations = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("_aws", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return ["root has no _aws object"];
        }

        foreach (var member in metadata.EnumerateObject().Where(member => !MetadataMembers.Contains(member.Name)))
        {
            violations.Add($"_aws has an unknown member {member.Name}");
        }

        if (!metadata.TryGetProperty("Timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.Number || !timestamp.TryGetInt64(out var milliseconds) || milliseconds < 1_000_000_000_000)
        {
            violations.Add("_aws.Timestamp is not a number of milliseconds since the epoch");
        }

        if (!metadata.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
        {
            violations.Add("_aws.CloudWatchMetrics is not an array");
            return violations;
        }

        foreach (var directive in directives.EnumerateArray())
        {
            violations.AddRange(directive.EnumerateObject().Where(member => !DirectiveMembers.Contains(member.Name)).Select(member => $"MetricDirective has an unknown member {member.Name}"));
            if (!directive.TryGetProperty("Namespace", out var ns) || ns.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(ns.GetString()) || ns.GetString()!.Length > 1024)
            {
                violations.Add("Namespace is missing, blank or longer than 1024 characters");
            }

            if (!directive.TryGetProperty("Dimensions", out var dimensions) || dimensions.ValueKind != JsonValueKind.Array)
            {
                violations.Add("Dimensions is not an array");
            }
            else
            {
                foreach (var set in dimensions.EnumerateArray())
                {
                    if (set.ValueKind != JsonValueKind.Array || set.GetArrayLength() > 30)
                    {
                        violations.Add("a DimensionSet is not an array of at most 30 names");
                        continue;
                    }

                    foreach (var name in set.EnumerateArray().Select(item => item.GetString() ?? string.Empty))
                    {
                        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
                        {
                            violations.Add($"dimension {name} is not a top-level string member");
                        }
                        else if (value.GetString()!.Length is 0 or > 1024)
                        {
                            violations.Add($"dimension {name} is empty or longer than 1024 characters");
                        }
                    }
                }
            }

            if (!directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array || metrics.GetArrayLength() > 100)
            {
                violations.Add("Metrics is not an array of at most 100 MetricDefinitions");
                continue;
            }

            foreach (var metric in metrics.EnumerateArray())
            {
                violations.AddRange(metric.EnumerateObject().Where(member => !MetricMembers.Contains(member.Name)).Select(member => $"MetricDefinition has an unknown member {member.Name}"));
                var name = metric.TryGetProperty("Name", out var nameElement) ? nameElement.GetString() : null;
                if (string.IsNullOrEmpty(name) || name.Length > 1024)
                {
                    violations.Add("a MetricDefinition has no Name");
                    continue;
                }

                if (metric.TryGetProperty("Unit", out var unit) && !Units.Contains(unit.GetString() ?? string.Empty))
                {
                    violations.Add($"metric {name} has the invalid unit {unit}");
                }

                if (metric.TryGetProperty("StorageResolution", out var resolution) && !(resolution.TryGetInt32(out var seconds) && seconds is 1 or 60))
                {
                    violations.Add($"metric {name} has a StorageResolution other than 1 or 60");
                }

                if (!root.TryGetProperty(name, out var value)
                    || !(value.ValueKind == JsonValueKind.Number
                         || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 100 && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.Number))))
                {
                    violations.Add($"metric {name} is not a top-level number");
                }
            }
        }

        return violations;
    }
}
