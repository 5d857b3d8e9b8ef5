using System.Text.Json;
using System.Text.Json.Nodes;
using LangfuseLifecycle.Core.Scheduling.Exceptions;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Tests.TestHelpers;
using LangfuseLifecycle.Testing.Moto;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Scaler;

/// <summary>
/// The events the real scaler puts on moto's EventBridge (caught by a rule with an SQS target, as delivered), matched against
/// the rules of templates/observability.yaml with moto's own event-pattern matcher, and rendered through the rules' input
/// transformers into the text an operator receives; and the EMF metric lines of the same invocations.
/// </summary>
[Collection(ScalerMotoCollection.Name)]
public sealed class ScalerNotificationMotoTests(MotoFixture moto)
{
    private static readonly Lazy<JsonObject> Observability = new(() => TemplateFiles.Render(TemplateFiles.ObservabilityTemplate));

    private static JsonObject Rule(string logicalId) => Observability.Value["Resources"]![logicalId]!["Properties"]!.AsObject();

    private static async Task CatchScalerEventsAsync(MotoFixture moto) =>
        await Boto3Script.RunAsync(moto.Endpoint, """
            sqs = client('sqs'); events = client('events')
            queue = sqs.create_queue(QueueName='caught-scaler-events')['QueueUrl']
            arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
            events.put_rule(Name='catch-scaler', EventPattern=json.dumps({'source': ['langfuse.lifecycle']}))
            events.put_targets(Rule='catch-scaler', Targets=[{'Id': 'queue', 'Arn': arn}])
            print(json.dumps(arn))
            """);

    /// <summary>The caught events, each with which of the template's rules match it (moto's EventBridge pattern matcher).</summary>
    private static async Task<List<(JsonNode Event, HashSet<string> MatchingRules)>> CaughtEventsAsync(MotoFixture moto)
    {
        var patterns = new JsonObject
        {
            ["ScalerProblemRule"] = Rule("ScalerProblemRule")["EventPattern"]!.DeepClone(),
            ["ScalerCompletedRule"] = Rule("ScalerCompletedRule")["EventPattern"]!.DeepClone(),
        };
        var result = await Boto3Script.RunAsync(moto.Endpoint, $$"""
            from moto.events.models import EventPattern
            patterns = json.loads('''{{patterns.ToJsonString()}}''')
            sqs = client('sqs')
            queue = sqs.get_queue_url(QueueName='caught-scaler-events')['QueueUrl']
            caught = []
            while True:
                messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get('Messages', [])
                if not messages:
                    break
                for message in messages:
                    event = json.loads(message['Body'])
                    matching = [name for name, pattern in patterns.items() if EventPattern.load(json.dumps(pattern)).matches_event(event)]
                    caught.append({'event': event, 'matching': matching})
                    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message['ReceiptHandle'])
            print(json.dumps(caught))
            """);
        return [.. result.EnumerateArray().Select(item => (
            JsonNode.Parse(item.GetProperty("event").GetRawText())!,
            item.GetProperty("matching").EnumerateArray().Select(name => name.GetString()!).ToHashSet()))];
    }

    private static List<JsonElement> EmfLines(ScalerTestBed bed) =>
        [.. bed.LogText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .Where(line => line.TryGetProperty("_aws", out _))];

    [Fact]
    public async Task RefusedAction_WhenAnnounced_ShouldMatchOnlyTheProblemRuleAndReadAsTheErrorAndItsFix()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await CatchScalerEventsAsync(moto);

        // Act
        await Assert.ThrowsAsync<InvalidScalerRequestException>(() => bed.InvokeAsync("""{"action":"wake","forHours":-1,"reason":"demo for 'sales'"}"""));
        var (scalerEvent, matching) = Assert.Single(await CaughtEventsAsync(moto));
        var text = InputTransformerRenderer.Render(Rule("ScalerProblemRule")["Targets"]![0]!["InputTransformer"]!, scalerEvent);

        // Assert
        Assert.Equal("Langfuse Backend Scaler Action", scalerEvent["detail-type"]!.GetValue<string>());
        Assert.Equal(["ScalerProblemRule"], matching);
        var lines = text.Split('\n');
        Assert.StartsWith("Langfuse backend wake refused at ", lines[0], StringComparison.Ordinal);
        Assert.Equal("Reason given: demo for 'sales'", lines[1]);
        Assert.Equal("Error: InvalidScalerRequestException: Invalid scaler request: 'forHours' is -1.", lines[2]);
        Assert.StartsWith("Fix: give a number of hours greater than 0 and at most ", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedWake_WhenAnnounced_ShouldMatchTheProblemRuleAndNameTheErrorWithoutBreakingTheText()
    {
        // Arrange: a worker environment override that needs a task definition change moto cannot make is not needed here:
        // ClickHouse's file system has no mount target zone among the subnets, so the wake refuses to start it.
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await bed.InvokeAsync("""{"action":"sleep","reason":"schedule"}""");
        bed.Variables["CLICKHOUSE_FILE_SYSTEM_ID"] = "fs-00000000000000000";
        await CatchScalerEventsAsync(moto);

        // Act
        await Assert.ThrowsAnyAsync<Exception>(() => bed.InvokeAsync("""{"action":"wake","reason":"schedule"}"""));
        var (scalerEvent, matching) = Assert.Single(await CaughtEventsAsync(moto));
        var text = InputTransformerRenderer.Render(Rule("ScalerProblemRule")["Targets"]![0]!["InputTransformer"]!, scalerEvent);

        // Assert
        Assert.Equal("failed", scalerEvent["detail"]!["outcome"]!.GetValue<string>());
        Assert.Equal(["ScalerProblemRule"], matching);
        var lines = text.Split('\n');
        Assert.StartsWith("Langfuse backend wake failed at ", lines[0], StringComparison.Ordinal);
        Assert.Equal("Reason given: schedule", lines[1]);
        Assert.StartsWith("Error: ClickHouseFileSystemNotFoundException: ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("Fix: ", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletedSleepAndWake_WhenAnnounced_ShouldMatchOnlyTheCompletedRuleAndListEachServiceChange()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);
        await CatchScalerEventsAsync(moto);

        // Act
        await bed.InvokeAsync("""{"action":"sleep","reason":"schedule"}""");
        await bed.InvokeAsync("""{"action":"status","reason":"business-hours check"}""");
        var caught = await CaughtEventsAsync(moto);

        // Assert: the status event matches no rule.
        Assert.Equal(2, caught.Count);
        var sleep = caught.Single(item => item.Event["detail"]!["action"]!.GetValue<string>() == "sleep");
        Assert.Equal(["ScalerCompletedRule"], sleep.MatchingRules);
        Assert.Empty(caught.Single(item => item.Event["detail"]!["action"]!.GetValue<string>() == "status").MatchingRules);
        var lines = InputTransformerRenderer.Render(Rule("ScalerCompletedRule")["Targets"]![0]!["InputTransformer"]!, sleep.Event).Split('\n');
        Assert.Matches(@"^Langfuse backend sleep completed at \S+ after waiting [0-9.]+ s\.$", lines[0]);
        Assert.Equal("Reason given: schedule", lines[1]);
        Assert.Equal($"{bed.Environment.WorkerService}: desired 2 -> 0", lines[2]);
        Assert.Equal($"{bed.Environment.ClickHouseService}: desired 1 -> 0", lines[3]);
    }

    [Fact]
    public async Task MetricLines_WhenSleepWakeCheckAndRefusal_ShouldBeValidEmfWithTheMetricsTheAlarmsRead()
    {
        // Arrange
        await using var bed = await ScalerTestBed.CreateAsync(moto);

        // Act
        await bed.InvokeAsync("""{"action":"sleep"}""");
        await bed.InvokeAsync($$"""{"action":"status","reason":"{{ScalerMetrics.BusinessHoursCheckReason}}"}""");
        await bed.InvokeAsync("""{"action":"wake"}""");
        await bed.InvokeAsync("""{"action":"wake","dryRun":true}""");
        await Assert.ThrowsAsync<InvalidScalerRequestException>(() => bed.InvokeAsync("""{"action":"hibernate"}"""));
        var lines = EmfLines(bed);

        // Assert: every line is valid EMF, in the project's namespace, with the function as a dimension.
        Assert.All(lines, line => Assert.Empty(EmbeddedMetricFormat.Violations(line)));
        Assert.All(lines, line => Assert.Equal(ScalerMetrics.Namespace, line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
        Assert.All(lines, line => Assert.Equal("langfuse-lifecycle-scaler", line.GetProperty("function").GetString()));

        var actions = lines.Where(line => line.TryGetProperty("ActionDurationSeconds", out _)).ToList();
        Assert.Equal(["sleep", "status", "wake", "invalid"], actions.Select(line => line.GetProperty("action").GetString()));
        Assert.Equal([1, 0, 1, 0], actions.Select(line => line.GetProperty("ActionCompleted").GetInt32()));
        Assert.Equal([0, 0, 0, 1], actions.Select(line => line.GetProperty("ActionRefused").GetInt32()));
        Assert.Equal([2, 0, 2, 0], actions.Select(line => line.GetProperty("ServicesChanged").GetInt32()));

        var services = lines.Where(line => line.TryGetProperty("Awake", out _)).ToList();
        Assert.Equal(6, services.Count); // sleep, check, wake x (worker, clickhouse); the dry run carries no metrics
        var check = services.Where(line => line.GetProperty("action").GetString() == "status").ToList();
        Assert.All(check, line => Assert.Equal(1, line.GetProperty("WakeOverdue").GetInt32()));
        Assert.All(check, line => Assert.Equal(0, line.GetProperty("RunningBelowRestoreCount").GetInt32()));
        var wake = services.Where(line => line.GetProperty("action").GetString() == "wake").ToList();
        Assert.All(wake, line => Assert.Equal(1, line.GetProperty("Awake").GetInt32()));
        Assert.All(wake, line => Assert.True(line.GetProperty("AsleepTaskHours").GetDouble() >= 0));
        Assert.Equal(["clickhouse", "worker"], wake.Select(line => line.GetProperty("role").GetString()).Order());
    }
}
