using LangfuseLifecycle.Aws.CloudWatch;
using LangfuseLifecycle.Aws.CloudWatch.Model;
using LangfuseLifecycle.Aws.Tests.TestHelpers;

namespace LangfuseLifecycle.Aws.Tests.CloudWatch;

[Collection(MotoCollection.Name)]
public sealed class AmazonCloudWatchClientIntegrationTests(MotoServerFixture moto)
{
    private readonly AmazonCloudWatchClient client = new(moto.Config);

    [Fact]
    public async Task DescribeAlarmsAsync_WhenNamesAreListed_ShouldReturnThoseAlarmsWithStateReasonAndActions()
    {
        // Arrange
        var first = MotoSeeder.UniqueName("scaler-errors");
        var second = MotoSeeder.UniqueName("wake-overdue");
        await MotoSeeder.RunAsync(moto, $$"""
            cw = client('cloudwatch')
            for name in ['{{first}}', '{{second}}', '{{first}}-other']:
                cw.put_metric_alarm(AlarmName=name, Namespace='AWS/Lambda', MetricName='Errors', Statistic='Sum', Period=300,
                    EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold',
                    Dimensions=[{'Name': 'FunctionName', 'Value': 'scaler'}], AlarmActions=['arn:aws:sns:us-east-1:123456789012:topic'])
            cw.set_alarm_state(AlarmName='{{second}}', StateValue='ALARM', StateReason='Threshold Crossed: 1 datapoint')
            print('{}')
            """);

        // Act
        var response = await client.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [first, second] });

        // Assert
        var alarms = response.MetricAlarms!.OrderBy(a => a.AlarmName, StringComparer.Ordinal).ToList();
        Assert.Equal([first, second], alarms.Select(a => a.AlarmName));
        var alarm = alarms[1];
        Assert.Equal("ALARM", alarm.StateValue);
        Assert.Equal("Threshold Crossed: 1 datapoint", alarm.StateReason);
        Assert.NotNull(alarm.StateUpdatedTimestamp);
        Assert.Equal(["arn:aws:sns:us-east-1:123456789012:topic"], alarm.AlarmActions);
        Assert.Equal("FunctionName", Assert.Single(alarm.Dimensions!).Name);
    }

    [Fact]
    public async Task GetMetricStatisticsAsync_WhenDatapointsExistForTheDimension_ShouldSumThemPerPeriod()
    {
        // Arrange
        var topic = MotoSeeder.UniqueName("topic");
        await MotoSeeder.RunAsync(moto, $$"""
            import datetime
            at = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
            cw = client('cloudwatch')
            for value, name in [(2, '{{topic}}'), (1, '{{topic}}'), (7, '{{topic}}-other')]:
                cw.put_metric_data(Namespace='AWS/SNS', MetricData=[{'MetricName': 'NumberOfMessagesPublished', 'Value': value, 'Timestamp': at,
                    'Dimensions': [{'Name': 'TopicName', 'Value': name}]}])
            print('{}')
            """);

        // Act
        var now = DateTime.UtcNow;
        var response = await client.GetMetricStatisticsAsync(new GetMetricStatisticsRequest
        {
            Namespace = "AWS/SNS",
            MetricName = "NumberOfMessagesPublished",
            Dimensions = [new Dimension { Name = "TopicName", Value = topic }],
            StartTime = now.AddHours(-1),
            EndTime = now,
            Period = 3600,
            Statistics = ["Sum"],
        });

        // Assert
        var point = Assert.Single(response.Datapoints!);
        Assert.Equal(3, point.Sum);
        Assert.InRange(point.Timestamp!.Value, now.AddHours(-1), now);
    }
}
