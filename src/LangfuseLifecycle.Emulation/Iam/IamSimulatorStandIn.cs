using System.Security;
using System.Text;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Emulation.Iam;

/// <summary>
/// A loopback IAM policy simulator (moto 5.2.1 answers <c>SimulatePrincipalPolicy</c> with HTTP 500: it has no simulator)
/// speaking the real query protocol of botocore's iam 2010-05-08 model: form-encoded <c>POST /</c> with
/// <c>Action=SimulatePrincipalPolicy</c>, <c>PolicySourceArn</c>, <c>ActionNames.member.N</c>, <c>ResourceArns.member.N</c>,
/// <c>ContextEntries.member.N.*</c>, <c>Marker</c>; an XML <c>SimulatePrincipalPolicyResult</c> answer, paged by
/// <see cref="PageSize"/> with <c>IsTruncated</c>/<c>Marker</c>. It evaluates no policy: <see cref="Decide"/> says what IAM
/// would decide (default: every action allowed), so a test scripts the denials it needs.
/// Unknown roles (see <see cref="MissingRoles"/>) → 404 <c>NoSuchEntity</c>; another action → 400 <c>InvalidAction</c>.
/// </summary>
public sealed class IamSimulatorStandIn : IAsyncDisposable
{
    private const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";
    private readonly LoopbackHttpServer server;
    private readonly Lock gate = new();
    private readonly List<IReadOnlyList<KeyValuePair<string, string>>> requests = [];

    private IamSimulatorStandIn()
    {
        server = LoopbackHttpServer.Start(request => Task.FromResult(Handle(request)));
    }

    public static IamSimulatorStandIn Start() => new();

    /// <summary>http://127.0.0.1:&lt;port&gt;/ — the IAM endpoint (AWS_ENDPOINT_URL_IAM) for the client under test.</summary>
    public Uri Endpoint => server.BaseUri;

    /// <summary>(role ARN, action, resource ARN) → <c>allowed</c>, <c>implicitDeny</c> or <c>explicitDeny</c>.</summary>
    public Func<string, string, string, string> Decide { get; set; } = (_, _, _) => "allowed";

    /// <summary>Role ARNs answered with NoSuchEntity.</summary>
    public ISet<string> MissingRoles { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Evaluation results per page (IAM's MaxItems default is 100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Every request's form parameters, in order.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private LoopbackResponse Handle(LoopbackRequest request)
    {
        var form = ParseForm(request.BodyText);
        lock (gate)
        {
            requests.Add(form);
        }

        string? Value(string name) => form.FirstOrDefault(pair => pair.Key == name).Value;
        List<string> Members(string name) =>
            [.. form.Where(pair => pair.Key.StartsWith(name + ".member.", StringComparison.Ordinal))
                .OrderBy(pair => int.Parse(pair.Key[(name.Length + 8)..], System.Globalization.CultureInfo.InvariantCulture))
                .Select(pair => pair.Value)];

        if (Value("Action") != "SimulatePrincipalPolicy")
        {
            return Error(400, "Sender", "InvalidAction", $"Could not find operation {Value("Action")} for version {Value("Version")}");
        }

        var role = Value("PolicySourceArn");
        if (string.IsNullOrEmpty(role))
        {
            return Error(400, "Sender", "InvalidInput", "PolicySourceArn is required.");
        }

        if (MissingRoles.Contains(role))
        {
            return Error(404, "Sender", "NoSuchEntity", $"The role with name {role.Split('/')[^1]} cannot be found.");
        }

        var actions = Members("ActionNames");
        var resources = Members("ResourceArns");
        if (resources.Count == 0)
        {
            resources = ["*"];
        }

        var results = actions.SelectMany(action => resources.Select(resource => (action, resource, decision: Decide(role, action, resource)))).ToList();
        var start = int.TryParse(Value("Marker"), out var marker) ? marker : 0;
        var page = results.Skip(start).Take(PageSize).ToList();
        var truncated = start + page.Count < results.Count;
        var xml = new StringBuilder($"<SimulatePrincipalPolicyResponse xmlns=\"{Namespace}\"><SimulatePrincipalPolicyResult><EvaluationResults>");
        foreach (var (action, resource, decision) in page)
        {
            xml.Append("<member><EvalActionName>").Append(SecurityElement.Escape(action)).Append("</EvalActionName><EvalResourceName>")
                .Append(SecurityElement.Escape(resource)).Append("</EvalResourceName><EvalDecision>").Append(decision)
                .Append("</EvalDecision><MatchedStatements/><MissingContextValues/></member>");
        }

        xml.Append("</EvaluationResults><IsTruncated>").Append(truncated ? "true" : "false").Append("</IsTruncated>");
        if (truncated)
        {
            xml.Append("<Marker>").Append(start + page.Count).Append("</Marker>");
        }

        xml.Append("</SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>").Append(Guid.NewGuid()).Append("</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>");
        return LoopbackResponse.Text(200, xml.ToString(), "text/xml");
    }

    private static LoopbackResponse Error(int status, string type, string code, string message) =>
        LoopbackResponse.Text(status,
            $"<ErrorResponse xmlns=\"{Namespace}\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>",
            "text/xml");

    private static List<KeyValuePair<string, string>> ParseForm(string body) =>
        [.. body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Select(pair => new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[0].Replace('+', ' ')), pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : ""))];
}
