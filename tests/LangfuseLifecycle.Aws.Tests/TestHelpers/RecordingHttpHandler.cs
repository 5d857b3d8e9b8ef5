using System.Net;
using System.Text;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>A fake transport: records every request (with its body read eagerly) and answers from a queue of canned responses or failures.</summary>
internal sealed class RecordingHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingHttpHandler Respond(HttpStatusCode status, string body, string contentType = "application/x-amz-json-1.1", params (string Name, string Value)[] headers)
    {
        responses.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    public RecordingHttpHandler RespondWith(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        responses.Enqueue(respond);
        return this;
    }

    public RecordingHttpHandler Fail(Exception exception)
    {
        responses.Enqueue(_ => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body));
        if (responses.Count == 0)
        {
            throw new InvalidOperationException($"No canned response left for request {Requests.Count}: {request.Method} {request.RequestUri}");
        }

        return responses.Dequeue()(request);
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public List<KeyValuePair<string, string>> QueryParameters() => ParseForm(Uri.Query.TrimStart('?'));

    public List<KeyValuePair<string, string>> FormParameters() => ParseForm(Body);

    private static List<KeyValuePair<string, string>> ParseForm(string text) =>
        text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(pair => new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : ""))
            .ToList();
}
