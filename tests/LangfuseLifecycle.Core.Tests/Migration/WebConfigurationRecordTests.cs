using LangfuseLifecycle.Core.Migration;

namespace LangfuseLifecycle.Core.Tests.Migration;

public class WebConfigurationRecordTests
{
    [Fact]
    public void NameFor_WhenTheExecutionNameIsSafe_ShouldNestItUnderThePrefix()
    {
        var name = WebConfigurationRecord.NameFor("/langfuse-lifecycle/prod/migration/", "2026-11-29_v3.1");

        Assert.Equal("/langfuse-lifecycle/prod/migration/2026-11-29_v3.1/web-v2", name);
    }

    [Fact]
    public void NameFor_WhenTheExecutionNameHasCharactersSsmRefuses_ShouldReplaceThemAndKeepNamesApart()
    {
        var plus = WebConfigurationRecord.NameFor("langfuse-lifecycle/prod/migration", "run+1");
        var at = WebConfigurationRecord.NameFor("langfuse-lifecycle/prod/migration", "run@1");

        Assert.Matches("^/langfuse-lifecycle/prod/migration/run-1-[0-9a-f]{8}/web-v2$", plus);
        Assert.NotEqual(plus, at);
    }
}
