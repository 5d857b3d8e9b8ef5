using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace LangfuseLifecycle.Aws.Protocols;

/// <summary>Namespace-agnostic readers for awsQuery and ec2 XML (element local names only: RDS, CloudFormation and EC2 each use their own xmlns).</summary>
internal static class XmlRead
{
    /// <summary>
    /// The document element of an XML body, or null when there is none; throws <see cref="XmlException"/> for a body that is
    /// not XML. Read with <see cref="XmlTextReader"/> (no DTD, no resolver, whitespace-only nodes dropped, line ends
    /// normalized: what <c>XDocument.Load(stream)</c> gives for AWS bodies) rather than <c>XmlReader.Create</c>, whose
    /// settings can turn on schema validation at run time: that path keeps the XSD validators and a whole regular
    /// expression engine in every Native AOT executable that reads XML (the scaler's, for EC2 DescribeSubnets).
    /// </summary>
    public static XElement? LoadRoot(byte[] body)
    {
        using var reader = new XmlTextReader(new MemoryStream(body, writable: false))
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            WhitespaceHandling = WhitespaceHandling.None,
            Normalization = true,
        };
        return XDocument.Load(reader, LoadOptions.None).Root;
    }

    public static XElement? Child(this XElement element, string localName) => Children(element, localName).FirstOrDefault();

    public static string? String(XElement? element) => element?.Value;

    public static int? Int(XElement? element) => element is null ? null : int.Parse(element.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static long? Long(XElement? element) => element is null ? null : long.Parse(element.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static double? Double(XElement? element) => element is null ? null : double.Parse(element.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool? Bool(XElement? element) => element is null ? null : string.Equals(element.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static DateTime? Timestamp(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = element.Value.Trim();
        return AwsTimestamp.TryParse(text, out var timestamp)
            ? timestamp
            : throw new FormatException($"'{text}' is not a timestamp (epoch seconds or ISO 8601).");
    }

    /// <summary>A non-flattened list: <c>&lt;Tags&gt;&lt;member&gt;…&lt;/member&gt;&lt;/Tags&gt;</c> (or <c>&lt;Tag&gt;</c>, <c>&lt;item&gt;</c>: the model's member locationName).</summary>
    public static List<T>? List<T>(XElement? element, string itemName, Func<XElement, T> readItem) =>
        element is null ? null : [.. Children(element, itemName).Select(readItem)];

    private static IEnumerable<XElement> Children(XElement element, string localName) =>
        element.Elements().Where(child => child.Name.LocalName == localName);
}
