namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>CloudWatch units an embedded metric may carry (the subset this project uses).</summary>
public enum MetricUnit
{
    None,
    Count,
    Seconds,
}

/// <summary>One metric of a directive: its value is the log line's top-level member of the same name (a number).</summary>
public readonly record struct MetricDefinition(string Name, MetricUnit Unit);

/// <summary>
/// The <c>_aws</c> member of a CloudWatch Embedded Metric Format line: CloudWatch Logs turns the named top-level members of
/// the line into metrics, so the function publishes metrics without a PutMetricData call. Each dimension set names top-level
/// string members; each metric a top-level number. <see cref="LambdaLogger"/> writes it with the line's timestamp.
/// </summary>
public sealed record EmbeddedMetricDirective(string Namespace, IReadOnlyList<IReadOnlyList<string>> DimensionSets, IReadOnlyList<MetricDefinition> Metrics)
{
    /// <summary>The member name the EMF specification reserves for the metadata.</summary>
    public const string MemberName = "_aws";

    /// <summary>The log field that carries this directive.</summary>
    public LogField ToField() => new(MemberName, this);
}
