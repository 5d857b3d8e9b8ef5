using System.Text;

namespace LangfuseLifecycle.Emulation.Lambda;

/// <summary>One Invoke request as the emulator received it. <paramref name="FunctionName"/> is the path segment,
/// URL-decoded: a name, a partial or a full ARN, as the caller sent it.</summary>
public sealed record LambdaInvocation(string FunctionName, string InvocationType, byte[] Payload, DateTimeOffset ReceivedAt)
{
    public string PayloadText => Encoding.UTF8.GetString(Payload);

    /// <summary>The function's name from any of the accepted forms (<c>name</c>, <c>name:qualifier</c>,
    /// <c>123456789012:function:name</c>, <c>arn:aws:lambda:region:account:function:name[:qualifier]</c>).</summary>
    public string ShortFunctionName
    {
        get
        {
            var name = FunctionName;
            var marker = name.IndexOf(":function:", StringComparison.Ordinal);
            if (marker >= 0)
            {
                name = name[(marker + ":function:".Length)..];
            }

            var qualifier = name.IndexOf(':', StringComparison.Ordinal);
            return qualifier >= 0 ? name[..qualifier] : name;
        }
    }
}
