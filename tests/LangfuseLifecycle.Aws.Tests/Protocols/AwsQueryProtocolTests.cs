using System.Net;
using LangfuseLifecycle.Aws.CloudFormation;
using LangfuseLifecycle.Aws.EC2;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.RDS;
using LangfuseLifecycle.Aws.Tests.TestHelpers;
using CfnModel = LangfuseLifecycle.Aws.CloudFormation.Model;
using Ec2Model = LangfuseLifecycle.Aws.EC2.Model;
using RdsModel = LangfuseLifecycle.Aws.RDS.Model;

namespace LangfuseLifecycle.Aws.Tests.Protocols;

/// <summary>awsQuery (RDS, CloudFormation) and ec2 query: form bodies against botocore, XML results and XML errors.</summary>
public sealed class AwsQueryProtocolTests
{
    private const string Xml = "text/xml";
    private readonly RecordingHttpHandler handler = new();

    [Fact]
    public async Task CreateDBClusterSnapshotAsync_WhenTagged_ShouldSerializeFormLikeBotocoreAndParseResult()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            <CreateDBClusterSnapshotResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <CreateDBClusterSnapshotResult>
                <DBClusterSnapshot>
                  <AvailabilityZones><AvailabilityZone>eu-west-1a</AvailabilityZone><AvailabilityZone>eu-west-1b</AvailabilityZone></AvailabilityZones>
                  <DBClusterSnapshotIdentifier>langfuse-v2-before-v3</DBClusterSnapshotIdentifier>
                  <DBClusterIdentifier>langfuse</DBClusterIdentifier>
                  <SnapshotCreateTime>2026-11-29T02:30:00.123Z</SnapshotCreateTime>
                  <Status>creating</Status><PercentProgress>0</PercentProgress><StorageEncrypted>true</StorageEncrypted>
                  <TagList><Tag><Key>created-by</Key><Value>langfuse-lifecycle</Value></Tag></TagList>
                </DBClusterSnapshot>
              </CreateDBClusterSnapshotResult>
              <ResponseMetadata><RequestId>rds-req-1</RequestId></ResponseMetadata>
            </CreateDBClusterSnapshotResponse>
            """, Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.CreateDBClusterSnapshotAsync(new RdsModel.CreateDBClusterSnapshotRequest
        {
            DBClusterSnapshotIdentifier = "langfuse-v2-before-v3",
            DBClusterIdentifier = "langfuse",
            Tags = [new RdsModel.Tag { Key = "created-by", Value = "langfuse-lifecycle" }, new RdsModel.Tag { Key = "purpose", Value = "pre migration" }],
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("rds", "CreateDBClusterSnapshot"), handler.Requests.Single());
        var snapshot = response.DBClusterSnapshot!;
        Assert.Equal("creating", snapshot.Status);
        Assert.Equal(["eu-west-1a", "eu-west-1b"], snapshot.AvailabilityZones!);
        Assert.Equal(new DateTime(2026, 11, 29, 2, 30, 0, 123, DateTimeKind.Utc), snapshot.SnapshotCreateTime);
        Assert.True(snapshot.StorageEncrypted);
        Assert.Equal(0, snapshot.PercentProgress);
        Assert.Equal("langfuse-lifecycle", snapshot.TagList!.Single().Value);
    }

    [Fact]
    public async Task DescribeDBClusterSnapshotsAsync_WhenFiltered_ShouldSerializeFiltersLikeBotocoreAndReadMarker()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            <DescribeDBClusterSnapshotsResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <DescribeDBClusterSnapshotsResult>
                <Marker>next-page</Marker>
                <DBClusterSnapshots>
                  <DBClusterSnapshot><DBClusterSnapshotIdentifier>a</DBClusterSnapshotIdentifier><Status>available</Status></DBClusterSnapshot>
                  <DBClusterSnapshot><DBClusterSnapshotIdentifier>b</DBClusterSnapshotIdentifier><Status>failed</Status></DBClusterSnapshot>
                </DBClusterSnapshots>
              </DescribeDBClusterSnapshotsResult>
            </DescribeDBClusterSnapshotsResponse>
            """, Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeDBClusterSnapshotsAsync(new RdsModel.DescribeDBClusterSnapshotsRequest
        {
            DBClusterSnapshotIdentifier = "langfuse-v2-before-v3",
            Filters = [new RdsModel.Filter { Name = "db-cluster-id", Values = ["langfuse", "langfuse-2"] }],
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("rds", "DescribeDBClusterSnapshots"), handler.Requests.Single());
        Assert.Equal("next-page", response.Marker);
        Assert.Equal(["available", "failed"], response.DBClusterSnapshots!.Select(s => s.Status!).ToArray());
    }

    [Fact]
    public async Task DescribeDBInstancesAsync_WhenCalled_ShouldSerializeLikeBotocoreAndParseNestedEndpoint()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            <DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances>
              <DBInstance><DBInstanceIdentifier>langfuse-1</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus>
                <Endpoint><Address>langfuse-1.x.eu-west-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>
                <DBClusterIdentifier>langfuse</DBClusterIdentifier>
                <VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-1</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership></VpcSecurityGroups>
              </DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>
            """, Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeDBInstancesAsync(new RdsModel.DescribeDBInstancesRequest { DBInstanceIdentifier = "langfuse-1", MaxRecords = 20 });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("rds", "DescribeDBInstances"), handler.Requests.Single());
        var instance = Assert.Single(response.DBInstances!);
        Assert.Equal(5432, instance.Endpoint!.Port);
        Assert.Equal("langfuse", instance.DBClusterIdentifier);
        Assert.Equal("sg-1", instance.VpcSecurityGroups!.Single().VpcSecurityGroupId);
    }

    [Fact]
    public async Task DescribeDBClustersAsync_WhenClusterMissing_ShouldThrowNotFoundWithXmlRequestId()
    {
        // Arrange
        handler.Respond(HttpStatusCode.NotFound, """
            <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
              <Error><Type>Sender</Type><Code>DBClusterNotFoundFault</Code><Message>DBCluster langfuse not found.</Message></Error>
              <RequestId>rds-err-1</RequestId>
            </ErrorResponse>
            """, Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeDBClustersAsync(new RdsModel.DescribeDBClustersRequest { DBClusterIdentifier = "langfuse" }));

        // Assert
        Assert.Equal("DBClusterNotFoundFault", exception.ErrorCode);
        Assert.Equal("DBCluster langfuse not found.", exception.ErrorMessage);
        Assert.Equal("rds-err-1", exception.RequestId);
        Assert.True(exception.IsNotFound);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task DescribeDBClustersAsync_WhenThrottled_ShouldRetryXmlThrottlingCode()
    {
        // Arrange
        handler.Respond(HttpStatusCode.BadRequest, "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", Xml)
            .Respond(HttpStatusCode.OK, "<DescribeDBClustersResponse><DescribeDBClustersResult><DBClusters/></DescribeDBClustersResult></DescribeDBClustersResponse>", Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeDBClustersAsync(new RdsModel.DescribeDBClustersRequest());

        // Assert
        Assert.Empty(response.DBClusters!);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task DescribeDBSnapshotsAsync_WhenBodyIsNotXml_ShouldThrowResponseFormatException()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult><DBSnapsh", Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => client.DescribeDBSnapshotsAsync(new RdsModel.DescribeDBSnapshotsRequest()));

        // Assert
        Assert.Contains("not valid XML", exception.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task DescribeDBSnapshotsAsync_WhenNumberIsMalformed_ShouldThrowResponseFormatException()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, "<R><DescribeDBSnapshotsResult><DBSnapshots><DBSnapshot><Port>fifty</Port></DBSnapshot></DBSnapshots></DescribeDBSnapshotsResult></R>", Xml);
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => client.DescribeDBSnapshotsAsync(new RdsModel.DescribeDBSnapshotsRequest()));

        // Assert
        Assert.Contains("not in the model's format", exception.Message);
    }

    [Fact]
    public async Task DescribeDBSnapshotsAsync_WhenErrorBodyIsJson_ShouldThrowResponseFormatExceptionNamingXml()
    {
        // Arrange
        handler.Respond(HttpStatusCode.BadRequest, """{"message":"not xml"}""", "application/json");
        var client = new AmazonRDSClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsResponseFormatException>(() => client.DescribeDBSnapshotsAsync(new RdsModel.DescribeDBSnapshotsRequest()));

        // Assert
        Assert.Contains("not the XML error format", exception.Message);
    }

    [Fact]
    public async Task DescribeStacksAsync_WhenStackHasOutputsAndParameters_ShouldSerializeLikeBotocoreAndParseThem()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
              <StackName>langfuse-v3-backend</StackName><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-29T02:30:00Z</CreationTime>
              <Parameters><member><ParameterKey>ClickHouseSubnet</ParameterKey><ParameterValue>subnet-a</ParameterValue></member></Parameters>
              <Outputs><member><OutputKey>ClusterName</OutputKey><OutputValue>langfuse</OutputValue><Description>ECS cluster</Description></member></Outputs>
            </member></Stacks></DescribeStacksResult></DescribeStacksResponse>
            """, Xml);
        var client = new AmazonCloudFormationClient(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeStacksAsync(new CfnModel.DescribeStacksRequest { StackName = "langfuse-v3-backend" });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("cloudformation", "DescribeStacks"), handler.Requests.Single());
        var stack = Assert.Single(response.Stacks!);
        Assert.Equal("CREATE_COMPLETE", stack.StackStatus);
        Assert.Equal("langfuse", stack.Outputs!.Single(o => o.OutputKey == "ClusterName").OutputValue);
        Assert.Equal("subnet-a", stack.Parameters!.Single().ParameterValue);
    }

    [Fact]
    public async Task DescribeStacksAsync_WhenStackDoesNotExist_ShouldBeNotFoundNotValidation()
    {
        // Arrange
        handler.Respond(HttpStatusCode.BadRequest, """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code>
            <Message>Stack with id missing does not exist</Message></Error><RequestId>cfn-1</RequestId></ErrorResponse>
            """, Xml);
        var client = new AmazonCloudFormationClient(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStacksAsync(new CfnModel.DescribeStacksRequest { StackName = "missing" }));

        // Assert
        Assert.True(exception.IsNotFound);
        Assert.False(exception.IsValidation);
        Assert.Equal("cfn-1", exception.RequestId);
    }

    [Fact]
    public async Task DescribeSubnetsAsync_WhenCalled_ShouldSerializeEc2FlavourLikeBotocoreAndParseItems()
    {
        // Arrange
        handler.Respond(HttpStatusCode.OK, """
            <DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <requestId>ec2-req</requestId>
              <subnetSet>
                <item><subnetId>subnet-a</subnetId><availabilityZone>eu-west-1a</availabilityZone><availabilityZoneId>euw1-az1</availabilityZoneId>
                  <vpcId>vpc-1</vpcId><cidrBlock>10.0.1.0/24</cidrBlock><availableIpAddressCount>250</availableIpAddressCount><defaultForAz>false</defaultForAz>
                  <tagSet><item><key>Name</key><value>private-a</value></item></tagSet></item>
                <item><subnetId>subnet-b</subnetId><availabilityZone>eu-west-1b</availabilityZone><availabilityZoneId>euw1-az2</availabilityZoneId></item>
              </subnetSet>
            </DescribeSubnetsResponse>
            """, Xml);
        var client = new AmazonEC2Client(TestConfigs.WithHandler(handler));

        // Act
        var response = await client.DescribeSubnetsAsync(new Ec2Model.DescribeSubnetsRequest
        {
            SubnetIds = ["subnet-a", "subnet-b"],
            Filters = [new Ec2Model.Filter { Name = "vpc-id", Values = ["vpc-1"] }],
        });

        // Assert
        BotocoreRequestAssert.Matches(Fixtures.Request("ec2", "DescribeSubnets"), handler.Requests.Single());
        Assert.Equal(["euw1-az1", "euw1-az2"], response.Subnets!.Select(s => s.AvailabilityZoneId!).ToArray());
        Assert.Equal(250, response.Subnets![0].AvailableIpAddressCount);
        Assert.Equal("private-a", response.Subnets[0].Tags!.Single().Value);
    }

    [Fact]
    public async Task DescribeSubnetsAsync_WhenEc2Error_ShouldReadResponseErrorsShape()
    {
        // Arrange
        handler.Respond(HttpStatusCode.BadRequest, """
            <Response><Errors><Error><Code>InvalidSubnetID.NotFound</Code><Message>The subnet ID 'subnet-x' does not exist</Message></Error></Errors>
            <RequestID>ec2-err</RequestID></Response>
            """, Xml);
        var client = new AmazonEC2Client(TestConfigs.WithHandler(handler));

        // Act
        var exception = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeSubnetsAsync(new Ec2Model.DescribeSubnetsRequest { SubnetIds = ["subnet-x"] }));

        // Assert
        Assert.Equal("InvalidSubnetID.NotFound", exception.ErrorCode);
        Assert.Equal("ec2-err", exception.RequestId);
        Assert.True(exception.IsNotFound);
        Assert.Equal("EC2", exception.Service);
    }
}
