using System.Text.Json;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>Reads the botocore-made fixtures in Fixtures/ (see Fixtures/make_fixtures.py).</summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonDocument> RequestsDocument = new(() => Load("requests.json"));
    private static readonly Lazy<JsonDocument> SigningDocument = new(() => Load("sigv4.json"));

    public static JsonElement Request(string service, string operation) =>
        RequestsDocument.Value.RootElement.GetProperty("requests").EnumerateArray()
            .Single(r => r.GetProperty("service").GetString() == service && r.GetProperty("operation").GetString() == operation);

    public static JsonElement Signing(string name) =>
        SigningDocument.Value.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));
}
