using System.Text.Json;
using System.Text.Json.Nodes;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>Compares a request our client put on the wire with botocore's serialization of the same input (Fixtures/requests.json).</summary>
internal static class BotocoreRequestAssert
{
    public static void Matches(JsonElement fixture, RecordedRequest actual)
    {
        Assert.Equal(fixture.GetProperty("method").GetString(), actual.Method);
        Assert.Equal(fixture.GetProperty("path").GetString(), actual.Uri.AbsolutePath);

        var expectedQuery = fixture.GetProperty("query").EnumerateArray()
            .Select(pair => $"{pair[0].GetString()}={pair[1].GetString()}").Order(StringComparer.Ordinal).ToArray();
        var actualQuery = actual.QueryParameters().Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedQuery, actualQuery);

        foreach (var header in fixture.GetProperty("headers").EnumerateObject())
        {
            Assert.Equal(header.Value.GetString(), actual.Header(header.Name));
        }

        if (fixture.GetProperty("queryBody").ValueKind == JsonValueKind.Array)
        {
            var expectedForm = fixture.GetProperty("queryBody").EnumerateArray()
                .Select(pair => $"{pair[0].GetString()}={pair[1].GetString()}").Order(StringComparer.Ordinal).ToArray();
            var actualForm = actual.FormParameters().Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expectedForm, actualForm);
            return;
        }

        var expectedBody = fixture.GetProperty("body").GetString() ?? "";
        if (expectedBody.Length == 0)
        {
            Assert.Equal("", actual.Body);
            return;
        }

        var expectedJson = JsonNode.Parse(expectedBody);
        var actualJson = JsonNode.Parse(actual.Body);
        Assert.True(JsonNode.DeepEquals(expectedJson, actualJson), $"Body differs from botocore's.\nexpected: {expectedJson?.ToJsonString()}\nactual:   {actualJson?.ToJsonString()}");
    }
}
