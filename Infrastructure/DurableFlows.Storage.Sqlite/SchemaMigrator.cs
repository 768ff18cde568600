using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Brings a database to the schema this build expects. The applied version is <c>PRAGMA user_version</c>
/// (and a row in SchemaVersions); each newer script runs in its own transaction together with the version
/// bump, so a crash mid-migration leaves the previous version intact.
/// </summary>
internal static class SchemaMigrator
{
    public static int LatestVersion => SqlScripts.Schema[^1].Version;

    /// <summary>Reads the version without writing anything, so a foreign file is left untouched.</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlScripts.Get("ReadSchemaVersion");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Refuses a database written by a newer build: its tables may mean things this build does not know.</summary>
    public static void EnsureKnown(int version, string path)
    {
        if (version > LatestVersion)
        {
            throw new SqliteStorageException(
                $"'{path}' has schema version {version}, newer than this build of DurableFlows understands (up to {LatestVersion}). " +
                "Expected a database written by this version or an older one: upgrade DurableFlows, or point storageProvider.path at another file. The file was left untouched.");
        }
    }

    public static int Migrate(SqliteConnection connection, string path, int targetVersion, TimeProvider time, ILogger logger)
    {
        var current = ReadVersion(connection);
        EnsureKnown(current, path);

        foreach (var (version, name, text) in SqlScripts.Schema.Where(s => s.Version > current && s.Version <= targetVersion))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = text +
                    $"\nINSERT INTO SchemaVersions (Version, Script, AppliedAt) VALUES ({version}, @script, @appliedAt);" +
                    $"\nPRAGMA user_version = {version};";
                command.Parameters.AddWithValue("@script", name);
                command.Parameters.AddWithValue("@appliedAt", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                command.ExecuteNonQuery();
            }

            transaction.Commit();
            logger.Migrated(path, version, name);
            current = version;
        }

        return current;
    }
}
