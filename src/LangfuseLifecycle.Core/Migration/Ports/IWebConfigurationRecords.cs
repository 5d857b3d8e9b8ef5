namespace LangfuseLifecycle.Core.Migration.Ports;

/// <summary>The store of the v2 web configuration the rollback restores (SSM Parameter Store SecureStrings).</summary>
public interface IWebConfigurationRecords
{
    /// <summary>
    /// Records <paramref name="v2"/> under <paramref name="name"/> unless a record is already there, and returns the record
    /// now stored: a retried switch, which finds the web already changed, keeps the v2 configuration the first attempt recorded.
    /// </summary>
    Task<WebConfiguration> KeepAsync(string name, WebConfiguration v2, CancellationToken cancellationToken);

    /// <summary>The recorded configuration, or null when nothing was recorded under <paramref name="name"/>.</summary>
    Task<WebConfiguration?> ReadAsync(string name, CancellationToken cancellationToken);
}
