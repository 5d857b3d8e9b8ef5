using System.Diagnostics;
using System.Text.Json;

namespace LangfuseLifecycle.Aws.Tests.TestHelpers;

/// <summary>
/// Creates the resources an integration test reads (clusters, VPCs, state machines…) with boto3 against the same moto_server,
/// so the product's clients only carry the operations the product uses. The script prints one JSON object on its last line.
/// </summary>
internal static class MotoSeeder
{
    public static Task<JsonElement> RunAsync(MotoServerFixture moto, params string[] pythonParts) => RunAsync(moto.Endpoint, pythonParts);

    public static async Task<JsonElement> RunAsync(Uri endpoint, params string[] pythonParts)
    {
        var pythonBody = string.Join('\n', pythonParts);
        var header = $"""
            import boto3, json, os
            def client(name):
                return boto3.client(name, endpoint_url='{endpoint}', region_name='{MotoServerFixture.Region}',
                                    aws_access_key_id='testing', aws_secret_access_key='testing')
            """;
        var script = header + "\n" + pythonBody + "\n";
        var startInfo = new ProcessStartInfo("python3", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Seeding moto failed ({process.ExitCode}): {await stderr}");
        }

        var lastLine = (await stdout).TrimEnd().Split('\n').Last();
        return JsonDocument.Parse(lastLine).RootElement.Clone();
    }

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
