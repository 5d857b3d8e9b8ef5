using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LangfuseLifecycle.Functions.Handlers.Scaler;
using LangfuseLifecycle.Functions.Tests.TestHelpers;

namespace LangfuseLifecycle.Functions.Tests.Templates;

/// <summary>templates/observability.yaml (topic, rules, dead-letter queues, alarms, dashboard) and its wiring in template.yaml.</summary>
public partial class ObservabilityTemplateTests
{
    private const string StateMachineArn = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:MigrationStateMachine-AbC";

    private static readonly Lazy<JsonObject> Observability = new(() => TemplateFiles.Render(TemplateFiles.ObservabilityTemplate));
    private static readonly Lazy<JsonObject> Parent = new(() => TemplateFiles.Render(TemplateFiles.ParentTemplate));

    private static readonly Dictionary<string, string> Required = new()
    {
        ["ScalerFunctionName"] = "langfuse-scaler",
        ["ScheduleGroupName"] = "langfuse-scaler",
        ["SchedulerRoleArn"] = "arn:aws:iam::123456789012:role/langfuse-ScalerSchedulerRole-AbC",
        ["SchedulerRoleName"] = "langfuse-ScalerSchedulerRole-AbC",
    };

    private static TemplateEvaluator Evaluate(Dictionary<string, string>? overrides = null) =>
        new(Observability.Value, new Dictionary<string, string>(Required.Concat(overrides ?? [])));

    // The documented example of the event Step Functions sends when an execution ends
    // (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html, "Execution Status Change"), for this stack's machine.
    private static JsonNode MigrationEvent(string status) => JsonNode.Parse($$"""
        {
          "version": "0", "id": "315c1398-40ff-a850-213b-158f73e60175", "detail-type": "Step Functions Execution Status Change",
          "source": "aws.states", "account": "123456789012", "time": "2026-12-05T09:14:03Z", "region": "ap-northeast-1",
          "resources": ["arn:aws:states:ap-northeast-1:123456789012:execution:MigrationStateMachine-AbC:v3-saturday"],
          "detail": {
            "executionArn": "arn:aws:states:ap-northeast-1:123456789012:execution:MigrationStateMachine-AbC:v3-saturday",
            "stateMachineArn": "{{StateMachineArn}}", "name": "v3-saturday", "status": "{{status}}",
            "startDate": 1764925200000, "stopDate": 1764926043000, "input": "{}", "output": null,
            "error": {{(status == "FAILED" ? "\"WebHealthCheckFailedException\"" : "null")}},
            "cause": {{(status == "FAILED" ? "\"v3 web did not pass /api/public/health\"" : "null")}}
          }
        }
        """)!;

    [Fact]
    public void CfnLint_WhenEveryOptionIsOn_ShouldFindNothing()
    {
        // Arrange
        var file = Path.Combine(Path.GetTempPath(), $"observability-parameters-{Guid.NewGuid():N}.json");
        var all = new Dictionary<string, string>(Required)
        {
            ["NotificationEmail"] = "ops@example.com",
            ["NotificationTopicArn"] = "arn:aws:sns:ap-northeast-1:123456789012:platform-alerts",
            ["NotifyCompletedActions"] = "true",
            ["MigrationStateMachineArn"] = StateMachineArn,
            ["ValkeyCacheClusterId"] = "langfuse-cache-001",
        };
        File.WriteAllText(file, new JsonArray([.. all.Select(pair => (JsonNode)new JsonObject { ["ParameterKey"] = pair.Key, ["ParameterValue"] = pair.Value })]).ToJsonString());

        try
        {
            // Act
            var (exitCode, output) = TemplateFiles.CfnLint(TemplateFiles.ObservabilityTemplate, "--parameter-files", file);

            // Assert
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MigrationStatusRule_WhenMatchedAgainstTheDocumentedEvents_ShouldNotifyOnlyFinishedExecutionsOfThisMachine()
    {
        // Arrange
        var pattern = Evaluate(new() { ["MigrationStateMachineArn"] = StateMachineArn }).ResolvedProperties("MigrationStatusRule")["EventPattern"]!;
        var events = new JsonObject();
        foreach (var status in new[] { "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING" })
        {
            events[status] = MigrationEvent(status);
        }

        var other = MigrationEvent("FAILED");
        other["detail"]!["stateMachineArn"] = "arn:aws:states:ap-northeast-1:123456789012:stateMachine:SomeoneElses";
        events["other-machine"] = other;

        // Act: moto's EventBridge pattern matcher.
        var (exitCode, output, error) = TemplateFiles.RunPython(
            """
            import json, sys
            from moto.events.models import EventPattern
            pattern = EventPattern.load(sys.argv[1])
            print(json.dumps({name: pattern.matches_event(event) for name, event in json.loads(sys.argv[2]).items()}))
            """,
            pattern.ToJsonString(), events.ToJsonString());

        // Assert
        Assert.True(exitCode == 0, error);
        var matches = JsonNode.Parse(output)!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<bool>());
        Assert.Equal(
            new Dictionary<string, bool> { ["SUCCEEDED"] = true, ["FAILED"] = true, ["TIMED_OUT"] = true, ["ABORTED"] = true, ["RUNNING"] = false, ["other-machine"] = false },
            matches);
    }

    [Fact]
    public void MigrationStatusRule_WhenExecutionFailed_ShouldReadAsStatusErrorAndConsoleLink()
    {
        // Arrange
        var transformer = Evaluate(new() { ["MigrationStateMachineArn"] = StateMachineArn }).ResolvedProperties("MigrationStatusRule")["Targets"]![0]!["InputTransformer"]!;

        // Act
        var lines = InputTransformerRenderer.Render(transformer, MigrationEvent("FAILED")).Split('\n');

        // Assert
        Assert.Equal("Langfuse migration execution v3-saturday finished FAILED at 2026-12-05T09:14:03Z.", lines[0]);
        Assert.Equal("Error: WebHealthCheckFailedException", lines[1]);
        Assert.Equal(
            "Console: https://ap-northeast-1.console.aws.amazon.com/states/home?region=ap-northeast-1#/v2/executions/details/arn:aws:states:ap-northeast-1:123456789012:execution:MigrationStateMachine-AbC:v3-saturday",
            lines[2]);
    }

    [Fact]
    public void Conditions_WhenDefaults_ShouldCreateTheTopicQueuesCheckAndCoreAlarmsButNoMigrationValkeyOrCompletedRule()
    {
        // Act
        var evaluator = Evaluate();

        // Assert
        Assert.True(evaluator.Condition("CreateTopic"));
        Assert.False(evaluator.Condition("HasEmail"));
        Assert.True(evaluator.Condition("HasScalerEvents"));
        Assert.False(evaluator.Condition("NotifyCompleted"));
        Assert.False(evaluator.Condition("HasMigration"));
        Assert.False(evaluator.Condition("HasValkey"));
        Assert.True(evaluator.Condition("HasBusinessHoursCheck"));
    }

    [Fact]
    public void Targets_WhenAnExistingTopicIsGiven_ShouldNotifyItAndCreateNoTopic()
    {
        // Arrange
        const string topic = "arn:aws:sns:ap-northeast-1:123456789012:platform-alerts";
        var evaluator = Evaluate(new() { ["NotificationTopicArn"] = topic });

        // Act
        var ruleTarget = evaluator.ResolvedProperties("ScalerProblemRule")["Targets"]![0]!["Arn"]!.GetValue<string>();
        var alarmAction = evaluator.ResolvedProperties("ScalerErrorsAlarm")["AlarmActions"]![0]!.GetValue<string>();

        // Assert
        Assert.False(evaluator.Condition("CreateTopic"));
        Assert.Equal(topic, ruleTarget);
        Assert.Equal(topic, alarmAction);
    }

    [Fact]
    public void TopicPolicy_WhenRendered_ShouldLetOnlyThisStacksRulesAndAlarmsPublish()
    {
        // Act
        var statements = Evaluate(new() { ["MigrationStateMachineArn"] = StateMachineArn }).ResolvedProperties("NotificationTopicPolicy")["PolicyDocument"]!["Statement"]!.AsArray();

        // Assert
        var events = statements.Single(statement => statement!["Principal"]!["Service"]?.GetValue<string>() == "events.amazonaws.com")!;
        var alarms = statements.Single(statement => statement!["Principal"]!["Service"]?.GetValue<string>() == "cloudwatch.amazonaws.com")!;
        Assert.Equal("sns:Publish", events["Action"]!.GetValue<string>());
        var ruleArns = events["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.AsArray().Select(arn => arn!.ToJsonString()).ToList();
        Assert.Contains(ruleArns, arn => arn.Contains("ScalerProblemRule", StringComparison.Ordinal));
        Assert.Contains(ruleArns, arn => arn.Contains("MigrationStatusRule", StringComparison.Ordinal));
        Assert.DoesNotContain(ruleArns, arn => arn.Contains("ScalerCompletedRule", StringComparison.Ordinal));
        // The evaluator leaves AWS::NoValue in lists (CloudFormation drops it): the Valkey alarm is off by default.
        Assert.Equal(5, alarms["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.AsArray().Count(arn => !arn!.ToJsonString().Contains("AWS::NoValue", StringComparison.Ordinal)));
    }

    [Fact]
    public void BusinessHoursCheck_WhenRendered_ShouldSendTheReasonTheScalerMeasuresAndDeadLetterToTheQueue()
    {
        // Act
        var target = Evaluate().ResolvedProperties("BusinessHoursCheckSchedule")["Target"]!;

        // Assert
        var input = JsonNode.Parse(target["Input"]!.GetValue<string>())!;
        Assert.Equal("status", input["action"]!.GetValue<string>());
        Assert.Equal(ScalerMetrics.BusinessHoursCheckReason, input["reason"]!.GetValue<string>());
        Assert.Equal("ScheduleDeadLetterQueue", target["DeadLetterConfig"]!["Arn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Alarms_WhenRendered_ShouldReadOnlyMetricsTheScalerEmits()
    {
        // Arrange: every metric name the scaler's EMF lines can carry.
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var actionFields = ScalerMetrics.ForAction("f", "completed", 1, 0, 0);
        var summary = new Core.Scheduling.ScalerSummary { Action = "status", Outcome = "reported", Reason = ScalerMetrics.BusinessHoursCheckReason, StartedAt = DateTimeOffset.UnixEpoch.AddHours(10) };
        var service = new Core.Scheduling.ServiceSummary { Service = "worker", Role = "worker", DesiredAfter = 1, AsleepSince = DateTimeOffset.UnixEpoch };
        foreach (var field in actionFields.Concat(ScalerMetrics.ForService("f", summary, service)))
        {
            if (field.Value is LangfuseLifecycle.Functions.Runtime.EmbeddedMetricDirective directive)
            {
                emitted.UnionWith(directive.Metrics.Select(metric => metric.Name));
            }
        }

        var evaluator = Evaluate();

        // Act
        var read = new[] { "WakeOverdueAlarm", "BelowRestoreCountAlarm" }
            .SelectMany(alarm => evaluator.ResolvedProperties(alarm)["Metrics"]!.AsArray())
            .Where(query => query!["MetricStat"] is not null)
            .Select(query => (Namespace: query!["MetricStat"]!["Metric"]!["Namespace"]!.GetValue<string>(), Name: query["MetricStat"]!["Metric"]!["MetricName"]!.GetValue<string>()))
            .ToList();

        // Assert
        Assert.NotEmpty(read);
        Assert.All(read, metric => Assert.Equal(ScalerMetrics.Namespace, metric.Namespace));
        Assert.All(read, metric => Assert.Contains(metric.Name, emitted));
        var dashboardNames = DashboardMetricName().Matches(evaluator.ResolvedProperties("Dashboard")["DashboardBody"]!.ToJsonString()).Select(match => match.Groups[1].Value);
        Assert.All(dashboardNames, name => Assert.Contains(name, emitted));
    }

    [Fact]
    public void Dashboard_WhenSubstituted_ShouldBeValidJsonWithTheSavingExpression()
    {
        // Arrange: Fn::Sub [body, {AlarmArns, MigrationMetrics}] with the values CloudFormation would put in.
        var sub = Evaluate(new() { ["MigrationStateMachineArn"] = StateMachineArn }).ResolvedProperties("Dashboard")["DashboardBody"]!["Fn::Sub"]!.AsArray();
        var body = sub[0]!.GetValue<string>();
        var values = new Dictionary<string, string>
        {
            ["AWS::Region"] = "ap-northeast-1",
            ["ScalerFunctionName"] = "langfuse-scaler",
            ["ClickHouseHourlyPriceUsd"] = "0.094848",
            ["WorkerHourlyPriceUsd"] = "0.0246528",
            ["AlarmArns"] = "\"arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:langfuse-scaler-errors\"",
            ["MigrationMetrics"] = Sub(sub[1]!["MigrationMetrics"]!["Fn::Sub"]!.GetValue<string>(), new() { ["MigrationStateMachineArn"] = StateMachineArn }),
        };

        // Act
        var dashboard = JsonNode.Parse(Sub(body, values))!;

        // Assert
        var widgets = dashboard["widgets"]!.AsArray();
        Assert.Contains(widgets, widget => widget!["properties"]!["title"]?.GetValue<string>() == "Awake (1) / asleep (0) per service");
        var saving = widgets.Single(widget => widget!["properties"]!["title"]?.GetValue<string>() == "Estimated saving in the period (USD)")!;
        Assert.Contains(saving["properties"]!["metrics"]!.AsArray(), line => line![0] is JsonObject first && first["expression"]?.GetValue<string>() == "FILL(ch, 0) * 0.094848 + FILL(wk, 0) * 0.0246528");
    }

    [Fact]
    public void ParentTemplate_WhenRendered_ShouldDeadLetterBothSchedulesAndSendFailedAsyncInvocationsToTheQueue()
    {
        // Arrange
        var resources = Parent.Value["Resources"]!.AsObject();

        // Act
        var invokeConfig = resources.Single(pair => pair.Value!["Type"]!.GetValue<string>() == "AWS::Lambda::EventInvokeConfig").Value!["Properties"]!;
        var schedules = resources.Where(pair => pair.Value!["Type"]!.GetValue<string>() == "AWS::Scheduler::Schedule").ToList();
        var stack = resources["ObservabilityStack"]!["Properties"]!;

        // Assert
        Assert.Equal("ScalerFunction", invokeConfig["FunctionName"]!["Ref"]!.GetValue<string>());
        Assert.Equal("Outputs.ScalerFailedInvocationQueueArn", invokeConfig["DestinationConfig"]!["OnFailure"]!["Destination"]!["Fn::GetAtt"]![1]!.GetValue<string>());
        Assert.Equal(2, schedules.Count);
        Assert.All(schedules, schedule => Assert.Equal(
            "Outputs.ScheduleDeadLetterQueueArn", schedule.Value!["Properties"]!["Target"]!["DeadLetterConfig"]!["Arn"]!["Fn::GetAtt"]![1]!.GetValue<string>()));
        Assert.Equal("templates/observability.yaml", stack["TemplateURL"]!.GetValue<string>());
        Assert.Equal("${AWS::StackName}-scaler", stack["Parameters"]!["ScalerFunctionName"]!["Fn::Sub"]!.GetValue<string>());
    }

    [Fact]
    public void PriceDefaults_WhenComparedWithTheCostModel_ShouldBeTheBackendDefaultTaskSizesInTokyo()
    {
        // Arrange: templates/backend.yaml defaults: ClickHouse 1024 CPU / 8192 MiB x86_64 on demand, worker 1024 / 2048 on Spot.
        var prices = Core.Cost.Prices.PriceTable.Default;
        decimal Price(string item) => prices.Get("ap-northeast-1", item, "test").Value;
        var vcpu = Price(Core.Cost.Prices.PriceItems.FargateVcpuHour(Core.Cost.CpuArchitecture.X86_64));
        var gb = Price(Core.Cost.Prices.PriceItems.FargateGbHour(Core.Cost.CpuArchitecture.X86_64));
        var spot = Price(Core.Cost.Prices.PriceItems.SpotDiscount);
        var parameters = Observability.Value["Parameters"]!;

        // Act
        var clickHouse = decimal.Parse(parameters["ClickHouseHourlyPriceUsd"]!["Default"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var worker = decimal.Parse(parameters["WorkerHourlyPriceUsd"]!["Default"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

        // Assert
        Assert.Equal(vcpu + (8 * gb), clickHouse);
        Assert.Equal((vcpu + (2 * gb)) * (1 - spot), worker);
    }

    private static string Sub(string text, Dictionary<string, string> values) =>
        SubVariable().Replace(text, match => values.TryGetValue(match.Groups[1].Value, out var value) ? value : throw new InvalidOperationException($"${{{match.Groups[1].Value}}} has no value"));

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex SubVariable();

    [GeneratedRegex(@"\[\\?""LangfuseLifecycle\\?"",\s*\\?""([A-Za-z]+)\\?""")]
    private static partial Regex DashboardMetricName();
}
