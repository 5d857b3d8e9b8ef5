using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LangfuseLifecycle.Emulation.Net;

/// <summary>
/// A minimal HTTP/1.1 server on a free 127.0.0.1 port (keep-alive, Content-Length and chunked request bodies,
/// <c>Expect: 100-continue</c>). Written on sockets rather than <see cref="HttpListener"/> because fault tests need
/// a true connection reset, and HttpListener's <c>Abort()</c> still sends a 200.
/// Base of the App Runner stand-in, the fault-injecting proxy and the health endpoint stand-in.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly Func<LoopbackRequest, Task<LoopbackResponse>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly List<Exception> _handlerErrors = [];
    private readonly HashSet<TcpClient> _connections = [];
    private int _disposed;

    private LoopbackHttpServer(Func<LoopbackRequest, Task<LoopbackResponse>> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/</summary>
    public Uri BaseUri { get; }

    /// <summary>Exceptions thrown by the handler (a bug in the stand-in, answered with HTTP 500), for diagnostics.</summary>
    public IReadOnlyList<Exception> HandlerErrors
    {
        get
        {
            lock (_handlerErrors)
            {
                return [.. _handlerErrors];
            }
        }
    }

    public static LoopbackHttpServer Start(Func<LoopbackRequest, Task<LoopbackResponse>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new LoopbackHttpServer(handler);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping the listener faults the pending accept; nothing to report.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            client.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(client);
            }

            _ = Task.Run(() => ServeConnectionAsync(client));
        }
    }

    private async Task ServeConnectionAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var reader = new HttpStreamReader(stream);
            while (!_stopping.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(reader, stream, _stopping.Token).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                LoopbackResponse response;
                try
                {
                    response = await _handler(request).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    lock (_handlerErrors)
                    {
                        _handlerErrors.Add(error);
                    }

                    response = LoopbackResponse.Text(500, "Stand-in handler failed: " + error.Message);
                }

                if (response.ResetConnection)
                {
                    // Linger 0 makes Close send RST: the client sees "connection reset by peer", not a response.
                    client.Client.LingerState = new LingerOption(true, 0);
                    return;
                }

                var closeAfter = string.Equals(request.Headers["Connection"], "close", StringComparison.OrdinalIgnoreCase);
                var withBody = !string.Equals(request.Method, "HEAD", StringComparison.OrdinalIgnoreCase);
                await WriteResponseAsync(stream, response, closeAfter, withBody, _stopping.Token).ConfigureAwait(false);
                if (closeAfter)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            // The client went away or sent something unreadable: drop the connection.
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(client);
            }

            client.Dispose();
        }
    }

    private static async Task<LoopbackRequest?> ReadRequestAsync(HttpStreamReader reader, Stream stream, CancellationToken cancellationToken)
    {
        var requestLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (requestLine is null)
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length != 3)
        {
            throw new InvalidDataException($"Malformed request line '{requestLine}'.");
        }

        var headers = new NameValueCollection(StringComparer.OrdinalIgnoreCase);
        var headerBytes = 0;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("Connection closed inside the headers.");
            if (line.Length == 0)
            {
                break;
            }

            headerBytes += line.Length;
            if (headerBytes > MaxHeaderBytes)
            {
                throw new InvalidDataException("Request headers too large.");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"Malformed header line '{line}'.");
            }

            headers.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        if (string.Equals(headers["Expect"], "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }

        byte[] body;
        if (headers["Transfer-Encoding"]?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = await reader.ReadChunkedAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (long.TryParse(headers["Content-Length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0)
        {
            body = await reader.ReadExactlyAsync(checked((int)length), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            body = [];
        }

        return new LoopbackRequest(parts[0], parts[1], headers, body);
    }

    private static async Task WriteResponseAsync(Stream stream, LoopbackResponse response, bool close, bool withBody, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(response.ReasonPhrase ?? ReasonPhrase(response.StatusCode)).Append("\r\n");
        foreach (var (name, value) in response.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        if (withBody)
        {
            await stream.WriteAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReasonPhrase(int statusCode) => statusCode switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    /// <summary>Buffered reads of CRLF lines, exact byte counts and chunked bodies.</summary>
    private sealed class HttpStreamReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return line.Count == 0 ? null : throw new InvalidDataException("Connection closed inside a line.");
                }

                var value = _buffer[_start++];
                if (value == (byte)'\n')
                {
                    if (line.Count > 0 && line[^1] == (byte)'\r')
                    {
                        line.RemoveAt(line.Count - 1);
                    }

                    return Encoding.Latin1.GetString([.. line]);
                }

                line.Add(value);
                if (line.Count > MaxHeaderBytes)
                {
                    throw new InvalidDataException("Line too long.");
                }
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidDataException("Connection closed inside the body.");
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        public async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidDataException("Connection closed inside a chunked body.");
                var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    // Trailers, then the empty line.
                    while (!string.IsNullOrEmpty(await ReadLineAsync(cancellationToken).ConfigureAwait(false)))
                    {
                    }

                    return body.ToArray();
                }

                body.Write(await ReadExactlyAsync(size, cancellationToken).ConfigureAwait(false));
                await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            return _end > 0;
        }
    }
}
