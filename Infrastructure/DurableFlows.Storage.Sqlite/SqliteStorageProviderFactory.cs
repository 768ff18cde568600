using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Creates the SQLite backend for <c>storageProvider: { "type": "sqlite", "path": ..., "durability": ... }</c>.
/// <c>path</c> defaults to <c>.durableflows/&lt;hubName&gt;.db</c> under the base directory and is resolved
/// against it when relative; <c>durability</c> is <c>full</c> (default), <c>normal</c> or <c>off</c>.
/// </summary>
public sealed class SqliteStorageProviderFactory : IStorageProviderFactory
{
    private static readonly string[] _durabilityValues = ["full", "normal", "off"];

    /// <inheritdoc />
    public string Type => "sqlite";

    /// <inheritdoc />
    public OrchestrationBackend Create(IConfigurationSection section, StorageProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(context);
        var options = new SqliteOrchestrationServiceOptions
        {
            Path = ResolvePath(section, context),
            Durability = ParseDurability(section),
        };

        var lockTimeout = section["lockTimeout"];
        if (lockTimeout is not null)
        {
            options.LockTimeout = TimeSpan.TryParse(lockTimeout, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero
                ? parsed
                : throw Invalid(section, "lockTimeout", lockTimeout, "a positive time span such as \"00:02:00\"");
        }

        var maxDequeueCount = section["maxDequeueCount"];
        if (maxDequeueCount is not null)
        {
            options.MaxDequeueCount = int.TryParse(maxDequeueCount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
                ? count
                : throw Invalid(section, "maxDequeueCount", maxDequeueCount, "a whole number of 1 or more");
        }

        var service = new SqliteOrchestrationService(options, context.TimeProvider, context.LoggerFactory);
        return new OrchestrationBackend(Type, service);
    }

    private static string ResolvePath(IConfigurationSection section, StorageProviderContext context)
    {
        var path = section["path"];
        if (path is null)
        {
            return Path.Combine(context.BaseDirectory, ".durableflows", context.HubName + ".db");
        }

        if (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || path.EndsWith('/'))
        {
            throw Invalid(section, "path", path, "the path of a database file, such as \".durableflows/hub.db\"");
        }

        return Path.GetFullPath(path, context.BaseDirectory);
    }

    private static SqliteDurability ParseDurability(IConfigurationSection section)
    {
        var value = section["durability"];
        return value?.ToLowerInvariant() switch
        {
            null or "full" => SqliteDurability.Full,
            "normal" => SqliteDurability.Normal,
            "off" => SqliteDurability.Off,
            _ => throw Invalid(section, "durability", value, "one of: " + string.Join(", ", _durabilityValues)),
        };
    }

    private static StorageConfigurationException Invalid(IConfigurationSection section, string key, string value, string expected) =>
        new($"host.json: {section.Path.Replace(':', '.')}.{key} = '{value}' is not valid; expected {expected}.");
}
