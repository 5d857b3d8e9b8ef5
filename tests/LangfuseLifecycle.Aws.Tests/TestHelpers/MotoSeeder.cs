using System.Text.Json;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>
/// Creates the resources an integration test reads (clusters, VPCs, state machines…) with boto3 against the same moto_server,
/// so the product's clients only carry the operations the product uses. The script prints one JSON object on its last line.
/// </summary>
internal static class MotoSeeder
{
    public static Task<JsonElement> RunAsync(MotoServerFixture moto, params string[] pythonParts) => RunAsync(moto.Endpoint, pythonParts);

    public static Task<JsonElement> RunAsync(Uri endpoint, params string[] pythonParts) =>
        Boto3Script.RunAsync(endpoint, string.Join('\n', pythonParts));

    /// <summary>Python that creates a VPC with two subnets in different AZs and a security group; defines vpc, subnet_a, subnet_b, sg.</summary>
    public const string Network = """
        ec2 = client('ec2')
        vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
        subnet_a = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
        subnet_b = ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.2.0/24', AvailabilityZone='us-east-1b')['Subnet']['SubnetId']
        sg = ec2.create_security_group(GroupName='langfuse-' + vpc, Description='langfuse', VpcId=vpc)['GroupId']
        """;

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
