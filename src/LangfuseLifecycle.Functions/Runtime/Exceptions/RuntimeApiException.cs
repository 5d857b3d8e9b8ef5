using System.Net;

namespace LangfuseLifecycle.Functions.Runtime.Exceptions;

/// <summary>The Lambda Runtime API answered a request with an unexpected status.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException(string operation, HttpStatusCode statusCode, string responseBody)
        : base($"Lambda Runtime API {operation} answered {(int)statusCode} {statusCode}: {Truncate(responseBody)}")
    {
        Operation = operation;
        StatusCode = statusCode;
    }

    public string Operation { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>A 500 from the Runtime API means the sandbox is in a non-recoverable state: the runtime must exit.</summary>
    public bool IsFatal => (int)StatusCode >= 500;

    private static string Truncate(string body) => body.Length <= 512 ? body : body[..512] + "…";
}
