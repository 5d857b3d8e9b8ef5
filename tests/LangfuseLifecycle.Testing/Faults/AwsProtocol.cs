namespace LangfuseLifecycle.Testing.Faults;

public enum AwsProtocol
{
    AwsJson,
    RestJson,
    Query,
    Ec2,
}
