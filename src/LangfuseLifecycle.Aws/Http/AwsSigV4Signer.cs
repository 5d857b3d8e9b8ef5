using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace LangfuseLifecycle.Aws.Http;

/// <summary>
/// Signature Version 4 for one request. This class builds the canonical request (the part that depends on how we put the request on the wire);
/// AWSSDK.Core's <see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/> derives the key,
/// string-to-sign and Authorization header, so the cryptography is the SDK's.
/// </summary>
internal static class AwsSigV4Signer
{
    public const string DateHeader = "x-amz-date";
    public const string SecurityTokenHeader = "x-amz-security-token";

    /// <summary>Returns the headers to add to the request (x-amz-date, x-amz-security-token when present, authorization).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(
        AwsHttpRequest request,
        Uri requestUri,
        ImmutableCredentials credentials,
        string region,
        string signingName,
        DateTimeOffset signedAt)
    {
        var amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = HostHeader(requestUri),
            [DateHeader] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers[SecurityTokenHeader] = credentials.Token;
        }

        if (request.ContentType is not null)
        {
            headers["content-type"] = request.ContentType;
        }

        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = CanonicalRequest(request.Method.Method, requestUri.AbsolutePath, request.Query, headers, request.Body);
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt.UtcDateTime, signingName, signedHeaders, canonicalRequest);

        var added = new List<KeyValuePair<string, string>> { new(DateHeader, amzDate) };
        if (credentials.UseToken)
        {
            added.Add(new(SecurityTokenHeader, credentials.Token));
        }

        added.Add(new("Authorization", result.ForAuthorizationHeader));
        return added;
    }

    /// <summary>
    /// The canonical request of the SigV4 spec: method, URI-encoded path (encoded again: every service but S3 double-encodes),
    /// sorted encoded query, sorted lower-case headers with trimmed values, signed header names, and the hex SHA-256 of the body.
    /// </summary>
    public static string CanonicalRequest(
        string method,
        string encodedPath,
        IEnumerable<KeyValuePair<string, string>> query,
        IReadOnlyDictionary<string, string> lowerCaseHeaders,
        byte[] body)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(encodedPath)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        foreach (var (name, value) in lowerCaseHeaders.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(CollapseSpaces(value.Trim())).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', lowerCaseHeaders.Keys.OrderBy(k => k, StringComparer.Ordinal))).Append('\n');
        builder.Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        return builder.ToString();
    }

    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(p => (Key: UriEncode(p.Key), Value: UriEncode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));

    /// <summary>
    /// <c>name=value&amp;…</c> in the given order, both sides <see cref="UriEncode"/>d: a request's query string, and the awsQuery
    /// form body (botocore encodes that the same way, urllib quote with safe '-_.~', so bodies match its fixtures byte for byte).
    /// </summary>
    public static string EncodeQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => UriEncode(p.Key) + "=" + UriEncode(p.Value)));

    /// <summary>RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ (and '/' when <paramref name="keepSlash"/>).</summary>
    public static string UriEncode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CanonicalPath(string encodedPath) =>
        string.IsNullOrEmpty(encodedPath) ? "/" : UriEncode(encodedPath, keepSlash: true);

    private static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            previousSpace = c == ' ';
            builder.Append(c);
        }

        return builder.ToString();
    }
}
