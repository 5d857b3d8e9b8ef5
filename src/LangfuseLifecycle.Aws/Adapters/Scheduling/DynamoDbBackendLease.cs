using System.Globalization;
using LangfuseLifecycle.Aws.DynamoDB;
using LangfuseLifecycle.Aws.DynamoDB.Model;
using LangfuseLifecycle.Aws.Exceptions;
using LangfuseLifecycle.Core.Scheduling.Ports;

namespace LangfuseLifecycle.Aws.Adapters.Scheduling;

/// <summary>
/// The backend lease as one DynamoDB item per backend (partition key <c>BackendKey</c>), taken with a conditional PutItem and
/// released with a DeleteItem conditioned on the holder. <c>ExpiresAt</c> (epoch seconds) is both the condition that lets a new
/// holder take over a lease its crashed holder never released and the table's TTL attribute, which only tidies up: DynamoDB deletes
/// expired items up to days late, so the condition, not TTL, decides.
/// </summary>
public sealed class DynamoDbBackendLease(IAmazonDynamoDB dynamoDb, string tableName) : IBackendLease
{
    public const string KeyAttribute = "BackendKey";
    public const string ExpiresAtAttribute = "ExpiresAt";
    private const string ActionAttribute = "Action";
    private const string HolderIdAttribute = "HolderId";
    private const string StartedAtAttribute = "StartedAt";
    private const string ConditionFailed = "ConditionalCheckFailedException";

    // A lease released between the refused put and the read of its holder is taken on the next attempt; three bound the race.
    private const int Attempts = 3;

    public async Task<LeaseHolder?> TryAcquireAsync(string backendKey, LeaseHolder holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holder);
        LeaseHolder? current = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                await dynamoDb.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = tableName,
                        Item = new Dictionary<string, AttributeValue>
                        {
                            [KeyAttribute] = new() { S = backendKey },
                            [ActionAttribute] = new() { S = holder.Action },
                            [HolderIdAttribute] = new() { S = holder.HolderId },
                            [StartedAtAttribute] = new() { S = holder.StartedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
                            [ExpiresAtAttribute] = new() { N = EpochSeconds(holder.ExpiresAt) },
                        },
                        ConditionExpression = "attribute_not_exists(#key) OR #expires < :now",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#key"] = KeyAttribute, ["#expires"] = ExpiresAtAttribute },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = new() { N = EpochSeconds(holder.StartedAt) } },
                    },
                    cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (AwsServiceException exception) when (exception.ErrorCode == ConditionFailed)
            {
                current = await ReadHolderAsync(backendKey, cancellationToken).ConfigureAwait(false);

                // A PutItem whose first attempt was applied but whose answer was lost (a 5xx or reset the AWS layer retried)
                // fails its own condition: the item that refused it is ours, so the lease is held.
                if (current is not null && current.HolderId == holder.HolderId)
                {
                    return null;
                }

                if (current is not null && current.ExpiresAt >= holder.StartedAt)
                {
                    return current;
                }
            }
        }

        return current ?? new LeaseHolder("unknown", holder.StartedAt, "another action that takes and releases the lease repeatedly", holder.StartedAt);
    }

    public async Task ReleaseAsync(string backendKey, string holderId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = tableName,
                    Key = new Dictionary<string, AttributeValue> { [KeyAttribute] = new() { S = backendKey } },
                    ConditionExpression = "#holder = :holder",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#holder"] = HolderIdAttribute },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":holder"] = new() { S = holderId } },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == ConditionFailed)
        {
            // Gone, or expired and taken over by another action: theirs now, not ours to delete.
        }
    }

    private async Task<LeaseHolder?> ReadHolderAsync(string backendKey, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = new Dictionary<string, AttributeValue> { [KeyAttribute] = new() { S = backendKey } }, ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        if (response.Item is not { } item)
        {
            return null;
        }

        var startedAt = DateTimeOffset.TryParse(Text(item, StartedAtAttribute), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) ? started : DateTimeOffset.MinValue;
        var expiresAt = long.TryParse(item.GetValueOrDefault(ExpiresAtAttribute)?.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;
        return new LeaseHolder(Text(item, ActionAttribute) ?? "unknown", startedAt, Text(item, HolderIdAttribute) ?? "unknown", expiresAt);
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.GetValueOrDefault(name)?.S;

    private static string EpochSeconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
