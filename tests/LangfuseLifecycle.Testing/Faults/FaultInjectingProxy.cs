using System.Diagnostics;
using System.Net;
using LangfuseLifecycle.Emulation.Moto;
using LangfuseLifecycle.Emulation.Net;

namespace LangfuseLifecycle.Testing.Faults;

/// <summary>
/// A loopback reverse proxy in front of an AWS endpoint (moto): forwards requests byte for byte — method, path, query,
/// headers including Host and Authorization, body — so SigV4 signatures stay valid, and injects the faults a test
/// scripts. Counts calls per <c>service:Operation</c> for the "AWS calls per service" benchmark.
/// </summary>
/// <remarks>
/// Rules are checked in the order they were added; the first rule that matches the request's operation and fires
/// (count not used up; probability drawn from its own seeded <see cref="Random"/>) decides. A latency fault delays the
/// request and then lets it through to the upstream.
/// </remarks>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
    };

    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-MD5", "Content-Encoding", "Content-Language", "Content-Disposition", "Content-Range", "Expires", "Last-Modified",
    };

    private readonly Uri _upstream;
    private readonly HttpClient _forwarder;
    private readonly LoopbackHttpServer _server;

    // Cancelled on dispose, so an injected latency ends with the proxy instead of outliving the test.
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FaultRule> _rules = [];
    private readonly List<ProxiedCall> _calls = [];
    private readonly Lock _gate = new();

    private FaultInjectingProxy(Uri upstream)
    {
        _upstream = upstream;
        _forwarder = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _server = LoopbackHttpServer.Start(HandleAsync);
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/ — point clients here instead of at the upstream.</summary>
    public Uri Endpoint => _server.BaseUri;

    public Uri Upstream => _upstream;

    public static FaultInjectingProxy Start(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return new FaultInjectingProxy(upstream);
    }

    /// <summary><c>AWS_ENDPOINT_URL</c> (this proxy), region and test credentials for a client under test.</summary>
    public IReadOnlyDictionary<string, string> CreateClientEnvironment() => MotoServer.CreateClientEnvironment(Endpoint);

    /// <summary>Applies <paramref name="fault"/> to the next <paramref name="count"/> matching requests.</summary>
    /// <param name="operation">null for every request; <c>UpdateService</c>, <c>ecs:UpdateService</c>, or <c>ecs:*</c>.</param>
    public void FailNext(int count, Fault fault, string? operation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        AddRule(new FaultRule(fault, operation, count, probability: null, random: null));
    }

    /// <summary>Applies <paramref name="fault"/> to each matching request with the given probability, drawn from a
    /// generator seeded with <paramref name="seed"/> so a run can be replayed.</summary>
    public void FailRandomly(double probability, int seed, Fault fault, string? operation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        AddRule(new FaultRule(fault, operation, remaining: null, probability, new Random(seed)));
    }

    /// <summary>Applies <paramref name="fault"/> to every request for <paramref name="operation"/> until cleared.</summary>
    public void FailAlways(string operation, Fault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        AddRule(new FaultRule(fault, operation, remaining: null, probability: null, random: null));
    }

    /// <summary>Removes every rule; later requests pass through unchanged.</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Every request seen, in arrival order.</summary>
    public IReadOnlyList<ProxiedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Calls per <c>service:Operation</c> (e.g. <c>ecs:DescribeServices</c>), faulted ones included.</summary>
    public IReadOnlyDictionary<string, int> CallCounts
    {
        get
        {
            lock (_gate)
            {
                return _calls.GroupBy(call => call.Request.Key, StringComparer.Ordinal)
                    .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Calls per signing name (<c>ecs</c>, <c>elasticfilesystem</c>…).</summary>
    public IReadOnlyDictionary<string, int> CallCountsByService
    {
        get
        {
            lock (_gate)
            {
                return _calls.GroupBy(call => call.Request.Service, StringComparer.Ordinal)
                    .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Calls matching an operation filter (same syntax as the rules').</summary>
    public int CountCalls(string? operation = null)
    {
        lock (_gate)
        {
            return _calls.Count(call => call.Request.Matches(operation));
        }
    }

    /// <summary>How many requests received an injected fault (latency excluded).</summary>
    public int InjectedFailureCount
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count(call => call.InjectedFault is { Kind: not FaultKind.Latency });
            }
        }
    }

    public void ResetCounters()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        _forwarder.Dispose();
        _stopping.Dispose();
    }

    private void AddRule(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule.Fault);
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    private Fault? PickFault(AwsRequestInfo request)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Fires(request))
                {
                    return rule.Fault;
                }
            }

            _rules.RemoveAll(rule => rule.IsUsedUp);
            return null;
        }
    }

    private void Record(ProxiedCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    private async Task<LoopbackResponse> HandleAsync(LoopbackRequest incoming)
    {
        var started = Stopwatch.GetTimestamp();
        var request = AwsRequestInfo.Read(incoming.Method, incoming.Target, incoming.Headers, incoming.Body);
        var fault = PickFault(request);
        switch (fault?.Kind)
        {
            case FaultKind.ConnectionReset:
                Record(new ProxiedCall(request, null, fault, Stopwatch.GetElapsedTime(started)));
                return LoopbackResponse.Reset();
            case FaultKind.Latency:
                await Task.Delay(fault.Delay, _stopping.Token).ConfigureAwait(false);
                break;
            case null:
                break;
            default:
                var error = AwsErrorResponse.For(request, fault);
                Record(new ProxiedCall(request, error.StatusCode, fault, Stopwatch.GetElapsedTime(started)));
                return LoopbackResponse.Json(error.StatusCode, error.Body, error.ContentType, error.Headers);
        }

        var response = await ForwardAsync(incoming).ConfigureAwait(false);
        Record(new ProxiedCall(request, response.ResetConnection ? null : response.StatusCode, fault, Stopwatch.GetElapsedTime(started)));
        return response;
    }

    private async Task<LoopbackResponse> ForwardAsync(LoopbackRequest incoming)
    {
        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_upstream, incoming.Target));
        if (incoming.Body.Length > 0 || incoming.Headers["Content-Type"] is not null)
        {
            outgoing.Content = new ByteArrayContent(incoming.Body);
        }

        foreach (var name in incoming.Headers.AllKeys)
        {
            if (name is null || HopByHopHeaders.Contains(name))
            {
                continue;
            }

            var values = incoming.Headers.GetValues(name) ?? [];
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                // Keep the Host the client signed.
                outgoing.Headers.Host = values.FirstOrDefault();
            }
            else if (ContentHeaders.Contains(name))
            {
                if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    outgoing.Content?.Headers.TryAddWithoutValidation(name, values);
                }
            }
            else
            {
                outgoing.Headers.TryAddWithoutValidation(name, values);
            }
        }

        try
        {
            using var upstreamResponse = await _forwarder.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, _stopping.Token).ConfigureAwait(false);
            var headers = upstreamResponse.Headers.Concat(upstreamResponse.Content.Headers)
                .Where(header => !HopByHopHeaders.Contains(header.Key))
                .SelectMany(header => header.Value.Select(value => new KeyValuePair<string, string>(header.Key, value)))
                .ToList();
            var body = await upstreamResponse.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return new LoopbackResponse((int)upstreamResponse.StatusCode, headers, body) { ReasonPhrase = upstreamResponse.ReasonPhrase };
        }
        catch (HttpRequestException)
        {
            // The upstream is down: the client sees what it would see without the proxy, a dropped connection.
            return LoopbackResponse.Reset();
        }
    }

    private sealed class FaultRule(Fault fault, string? operation, int? remaining, double? probability, Random? random)
    {
        private int? _remaining = remaining;

        public Fault Fault { get; } = fault;

        public bool IsUsedUp => _remaining is 0;

        public bool Fires(AwsRequestInfo request)
        {
            if (IsUsedUp || !request.Matches(operation))
            {
                return false;
            }

            if (probability is { } chance && random is not null && random.NextDouble() >= chance)
            {
                return false;
            }

            if (_remaining is { } left)
            {
                _remaining = left - 1;
            }

            return true;
        }
    }
}
