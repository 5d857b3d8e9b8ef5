namespace LangfuseLifecycle.Aws.Lambda;

/// <summary>Lambda function ARNs: <c>arn:partition:lambda:region:account:function:name[:qualifier]</c>.</summary>
public static class LambdaFunctionArn
{
    /// <summary>The ARN without its version or alias qualifier (what a schedule should invoke to run $LATEST); anything that is
    /// not a qualified function ARN is returned as it is.</summary>
    public static string Unqualified(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        return parts.Length > 7 ? string.Join(':', parts.Take(7)) : arn;
    }
}
