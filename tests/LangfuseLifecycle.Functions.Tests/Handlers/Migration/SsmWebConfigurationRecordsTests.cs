using LangfuseLifecycle.Aws.Adapters.Migration;
using LangfuseLifecycle.Aws.SimpleSystemsManagement;
using LangfuseLifecycle.Aws.SimpleSystemsManagement.Model;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Functions.Handlers.Migration;

namespace LangfuseLifecycle.Functions.Tests.Handlers.Migration;

/// <summary>The v2 web record's limits, with the bootstrap's own JSON metadata (the moto round trips are in MigrationStepHandlerTests).</summary>
public class SsmWebConfigurationRecordsTests
{
    [Fact]
    public async Task KeepAsync_WhenTheConfigurationIsLargerThanASecureStringHolds_ShouldRefuseBeforeAnySsmCall()
    {
        var ssm = new CountingSsm();
        var records = new SsmWebConfigurationRecords(ssm, MigrationJsonContext.Default.WebConfiguration);
        var huge = new WebConfiguration
        {
            ImageIdentifier = "langfuse/langfuse:2",
            ImageRepositoryType = "ECR_PUBLIC",
            HealthCheck = WebHealthCheck.GenerousForStartupMigrations,
            EnvironmentVariables = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["AUTH_CUSTOM_CONFIG"] = new string('x', WebConfigurationRecord.MaxBytes) },
        };

        var error = await Assert.ThrowsAsync<WebSwitchFailedException>(() => records.KeepAsync("/p/run/web-v2", huge, CancellationToken.None));

        Assert.Contains("the web was not changed", error.Message);
        Assert.Contains("Secrets Manager", error.Message);
        Assert.Equal(0, ssm.Calls);
    }

    private sealed class CountingSsm : IAmazonSimpleSystemsManagement
    {
        public int Calls { get; private set; }

        public Task<PutParameterResponse> PutParameterAsync(PutParameterRequest request, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new PutParameterResponse());
        }

        public Task<GetParameterResponse> GetParameterAsync(GetParameterRequest request, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new GetParameterResponse());
        }
    }
}
