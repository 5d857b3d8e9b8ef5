using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Aws.Http;
using LangfuseLifecycle.Aws.SimpleSystemsManagement;
using LangfuseLifecycle.Aws.SimpleSystemsManagement.Model;
using LangfuseLifecycle.Core.Migration;
using LangfuseLifecycle.Core.Migration.Exceptions;
using LangfuseLifecycle.Core.Migration.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Migration;

/// <summary>
/// The v2 web configuration as an SSM Parameter Store SecureString (encrypted with the account's AWS-managed key
/// <c>aws/ssm</c>, which needs no key policy or kms: permission of ours), one per execution, never overwritten.
/// </summary>
/// <param name="json">The deployable's source-generated metadata for <see cref="WebConfiguration"/>.</param>
public sealed class SsmWebConfigurationRecords(IAmazonSimpleSystemsManagement ssm, JsonTypeInfo<WebConfiguration> json) : IWebConfigurationRecords
{
    public SsmWebConfigurationRecords(AwsClientConfig aws, JsonTypeInfo<WebConfiguration> json)
        : this(new AmazonSimpleSystemsManagementClient(aws), json)
    {
    }

    public async Task<WebConfiguration> KeepAsync(string name, WebConfiguration v2, CancellationToken cancellationToken)
    {
        var value = JsonSerializer.Serialize(v2, json);
        if (Encoding.UTF8.GetByteCount(value) > WebConfigurationRecord.MaxBytes)
        {
            throw new WebSwitchFailedException(
                $"The v2 web configuration is {Encoding.UTF8.GetByteCount(value)} bytes as JSON, more than the {WebConfigurationRecord.MaxBytes} an SSM SecureString holds, so it cannot be recorded for rollback; the web was not changed. Move large plain variables into Secrets Manager (RuntimeEnvironmentSecrets) and start again.");
        }

        try
        {
            await TransientAwsErrors.CallAsync("SSM PutParameter", () => ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = name,
                Description = "Langfuse v2 web configuration recorded by the migration's switch for its rollback. Delete it once v3 is in use.",
                Value = value,
                Type = "SecureString",
                // Never replaces a record: a retry keeps what the first attempt recorded, before the web changed.
                Overwrite = false,
                // Standard (4 KB) when it fits, advanced (8 KB) otherwise.
                Tier = "Intelligent-Tiering",
            }, cancellationToken)).ConfigureAwait(false);
            return v2;
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ParameterAlreadyExists")
        {
            return await ReadAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new WebSwitchFailedException($"SSM reports parameter {name} exists but returns none; the web was not changed.");
        }
        catch (AwsServiceException exception) when (!exception.IsRetryable)
        {
            throw new WebSwitchFailedException($"SSM refused to record the v2 web configuration as {name}: {exception.ErrorCode}: {exception.ErrorMessage}; the web was not changed.", exception);
        }
    }

    public async Task<WebConfiguration?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        GetParameterResponse response;
        try
        {
            response = await TransientAwsErrors.CallAsync("SSM GetParameter", () =>
                ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken)).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ParameterNotFound")
        {
            return null;
        }

        var value = response.Parameter?.Value
            ?? throw new AwsResponseFormatException("SSM", "GetParameter", 200, $"no value for parameter {name}", null);
        return JsonSerializer.Deserialize(value, json)
            ?? throw new AwsResponseFormatException("SSM", "GetParameter", 200, $"no web configuration in parameter {name}", null);
    }
}
