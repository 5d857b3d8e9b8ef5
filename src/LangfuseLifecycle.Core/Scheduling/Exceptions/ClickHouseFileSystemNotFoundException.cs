namespace LangfuseLifecycle.Core.Scheduling.Exceptions;

public sealed class ClickHouseFileSystemNotFoundException(string fileSystemId)
    : SchedulingException(
        $"EFS file system '{fileSystemId}' not found. Fix: set CLICKHOUSE_FILE_SYSTEM_ID to the file system mounted by the ClickHouse task (fs-...).")
{
    public string FileSystemId { get; } = fileSystemId;
}
