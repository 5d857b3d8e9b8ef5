using System.Globalization;
using System.Text;
using LangfuseLifecycle.Aws.Http;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>Collects awsQuery / ec2 form parameters in order and encodes them as <c>application/x-www-form-urlencoded</c>.</summary>
internal sealed class QueryWriter
{
    public List<KeyValuePair<string, string>> Parameters { get; } = [];

    public static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            Parameters.Add(new(name, value));
        }
    }

    public void Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public void Add(string name, double? value) => Add(name, value?.ToString("R", CultureInfo.InvariantCulture));

    public void Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Query protocols send timestamps as ISO 8601 in UTC (botocore's default for query and ec2).</summary>
    public void Add(string name, DateTime? value) =>
        Add(name, value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public byte[] ToFormBody(string action, string version)
    {
        KeyValuePair<string, string>[] header = [new("Action", action), new("Version", version)];
        return Encoding.UTF8.GetBytes(AwsSigV4Signer.EncodeQuery(header.Concat(Parameters)));
    }
}
