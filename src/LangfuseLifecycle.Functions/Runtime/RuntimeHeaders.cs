namespace LangfuseLifecycle.Functions.Runtime;

/// <summary>Names of the Lambda Runtime API headers and environment variables, kept in one place.</summary>
public static class RuntimeHeaders
{
    public const string RequestId = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineMs = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceId = "Lambda-Runtime-Trace-Id";
    public const string ClientContext = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentity = "Lambda-Runtime-Cognito-Identity";
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";
}

/// <summary>Environment variables the Lambda service sets for a custom runtime, and the ones this runtime adds.</summary>
public static class RuntimeEnvironmentVariables
{
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";
    public const string Handler = "_HANDLER";
    public const string TraceId = "_X_AMZN_TRACE_ID";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LogLevel = "AWS_LAMBDA_LOG_LEVEL";
    public const string Region = "AWS_REGION";
    public const string TimeZoneDirectory = "TZDIR";
}
