using Amazon.Runtime;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.Http;

/// <summary>Checks the canonical request and Authorization header against botocore's SigV4Auth on the same request (Fixtures/sigv4.json).</summary>
public sealed class AwsSigV4SignerTests
{
    [Theory]
    [InlineData("ecs-describe-services")]
    [InlineData("scheduler-get-schedule")]
    public void Sign_WhenGivenBotocoreFixtureRequest_ShouldMatchBotocoreCanonicalRequestAndAuthorization(string name)
    {
        // Arrange
        var fixture = Fixtures.Signing(name);
        var uri = new Uri(fixture.GetProperty("url").GetString()!);
        var request = new AwsHttpRequest("Fixture", new HttpMethod(fixture.GetProperty("method").GetString()!), uri.AbsolutePath)
        {
            Body = System.Text.Encoding.UTF8.GetBytes(fixture.GetProperty("body").GetString()!),
        };
        foreach (var header in fixture.GetProperty("headers").EnumerateObject())
        {
            if (header.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.ContentType = header.Value.GetString();
            }
            else
            {
                request.Headers[header.Name] = header.Value.GetString()!;
            }
        }

        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            request.Query.Add(new(Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])));
        }

        var credentials = new ImmutableCredentials(fixture.GetProperty("accessKey").GetString(), fixture.GetProperty("secretKey").GetString(), fixture.GetProperty("token").GetString());
        var signedAt = DateTimeOffset.Parse(fixture.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var headers = AwsSigV4Signer.Sign(request, uri, credentials, fixture.GetProperty("region").GetString()!, fixture.GetProperty("service").GetString()!, signedAt)
            .ToDictionary(h => h.Key, h => h.Value);
        var canonicalHeaders = new Dictionary<string, string>
        {
            ["host"] = uri.Host,
            ["x-amz-date"] = headers["x-amz-date"],
            ["x-amz-security-token"] = credentials.Token,
        };
        if (request.ContentType is not null)
        {
            canonicalHeaders["content-type"] = request.ContentType;
        }

        foreach (var (headerName, value) in request.Headers)
        {
            canonicalHeaders[headerName.ToLowerInvariant()] = value;
        }

        var canonical = AwsSigV4Signer.CanonicalRequest(request.Method.Method, uri.AbsolutePath, request.Query, canonicalHeaders, request.Body);

        // Assert
        Assert.Equal(fixture.GetProperty("canonicalRequest").GetString(), canonical);
        Assert.Equal(fixture.GetProperty("amzDate").GetString(), headers["x-amz-date"]);
        Assert.Equal(fixture.GetProperty("authorization").GetString(), headers["Authorization"]);
        Assert.Equal(credentials.Token, headers["x-amz-security-token"]);
    }

    [Theory]
    [InlineData("langfuse lifecycle", "langfuse%20lifecycle")]
    [InlineData("a/b~c_d.e-f", "a%2Fb~c_d.e-f")]
    [InlineData("ü+=", "%C3%BC%2B%3D")]
    public void UriEncode_WhenGivenReservedCharacters_ShouldPercentEncodeLikeRfc3986(string value, string expected)
    {
        // Act
        var encoded = AwsSigV4Signer.UriEncode(value);

        // Assert
        Assert.Equal(expected, encoded);
    }
}
