using System.Collections.Specialized;
using System.Text;

namespace LangfuseLifecycle.Emulation.Net;

/// <summary>One HTTP request as received: <paramref name="Target"/> is the raw path and query.</summary>
public sealed record LoopbackRequest(string Method, string Target, NameValueCollection Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];

    public string BodyText => Encoding.UTF8.GetString(Body);
}
