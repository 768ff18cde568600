using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The database file, opened for this process: the owner lock, the writer connection and the connection
/// string of the readers. Opening checks the file before it writes anything, so a foreign, corrupt or
/// newer file is reported and left as it was.
/// </summary>
internal sealed class SqliteStoreFile : IDisposable
{
    private readonly FileStream _ownerLock;

    private SqliteStoreFile(string path, FileStream ownerLock, SqliteConnection writer, string readerConnectionString, int schemaVersion)
    {
        Path = path;
        _ownerLock = ownerLock;
        Writer = writer;
        ReaderConnectionString = readerConnectionString;
        SchemaVersion = schemaVersion;
    }

    public string Path { get; }

    public SqliteConnection Writer { get; }

    public string ReaderConnectionString { get; }

    public int SchemaVersion { get; }

    public static SqliteStoreFile Open(SqliteOrchestrationServiceOptions options, TimeProvider time, ILogger logger)
    {
        var path = System.IO.Path.GetFullPath(options.Path);
        var ownerLock = TakeOwnerLock(path);
        SqliteConnection? writer = null;
        try
        {
            var timeoutSeconds = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds));
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = timeoutSeconds,
            };
            writer = new SqliteConnection(builder.ToString());
            writer.Open();
            Run(writer, $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds};");

            // Read-only checks first: a file that is not ours must stay byte for byte as it was.
            var version = SchemaMigrator.ReadVersion(writer);
            SchemaMigrator.EnsureKnown(version, path);

            CheckIntegrity(writer, path);

            Run(writer, "PRAGMA journal_mode = WAL;");
            Run(writer, $"PRAGMA synchronous = {SynchronousOf(options.Durability)};");

            // Checkpoints run beside the writer (WalCheckpointer), not inside its commits.
            Run(writer, "PRAGMA wal_autocheckpoint = 0;");
            version = SchemaMigrator.Migrate(writer, path, options.SchemaVersion ?? SchemaMigrator.LatestVersion, time, logger);
            if (options.Durability == SqliteDurability.Full)
            {
                // From here on the service's WalSyncer fsyncs the log after each commit, off the writer's path.
                Run(writer, "PRAGMA synchronous = NORMAL;");
            }

            // Take the write lock once, so that another process holding the file is reported now rather
            // than at the first checkpoint.
            Run(writer, "BEGIN IMMEDIATE; COMMIT;");

            // Readers are pooled by the service, with their prepared statements.
            builder.Mode = SqliteOpenMode.ReadWrite;
            logger.Opened(path, version, options.Durability);
            return new SqliteStoreFile(path, ownerLock, writer, builder.ToString(), version);
        }
        catch (SqliteException error)
        {
            Close(writer, ownerLock);
            throw SqliteErrors.Describe(error, path, "opening the database");
        }
        catch
        {
            Close(writer, ownerLock);
            throw;
        }
    }

    public void Dispose()
    {
        Writer.Dispose();
        _ownerLock.Dispose();
    }

    public static string SynchronousOf(SqliteDurability durability) => durability switch
    {
        SqliteDurability.Full => "FULL",
        SqliteDurability.Normal => "NORMAL",
        SqliteDurability.Off => "OFF",
        _ => throw new ArgumentOutOfRangeException(nameof(durability), durability, "Expected full, normal or off."),
    };

    // One process owns the file: work item locks are kept in memory, so a second host on the same file
    // would hand out the same work twice. The lock file is flock'ed, and released by the OS if we die.
    private static FileStream TakeOwnerLock(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (UnauthorizedAccessException error)
        {
            throw ReadOnlyFolder(path, folder, error);
        }
        catch (IOException error) when (Directory.Exists(folder) && File.Exists(path + ".lock") && !IsReadOnly(folder))
        {
            throw new SqliteStorageException(
                $"'{path}' is in use by another DurableFlows process (its lock file '{path}.lock' is held); expected one host per database file. " +
                "Stop the other host or point storageProvider.path at another file.", error);
        }
        catch (IOException error)
        {
            throw ReadOnlyFolder(path, folder, error);
        }
    }

    private static SqliteStorageException ReadOnlyFolder(string path, string folder, Exception error) => new(
        $"Cannot write in folder '{folder}' for the database '{path}' ({error.Message}); expected a writable folder: SQLite creates " +
        $"'{System.IO.Path.GetFileName(path)}-wal' and '-shm' files next to the database. Make it writable or point storageProvider.path elsewhere.",
        error);

    private static bool IsReadOnly(string folder)
    {
        var probe = System.IO.Path.Combine(folder, $".durableflows-probe-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return false;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static void CheckIntegrity(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqlScripts.Get("QuickCheck");
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            var line = reader.GetString(0);
            if (!string.Equals(line, "ok", StringComparison.Ordinal))
            {
                problems.Add(line);
            }
        }

        if (problems.Count > 0)
        {
            throw new SqliteStorageException(
                $"'{path}' is corrupt: {string.Join("; ", problems.Take(3))}; expected an intact SQLite database. " +
                "The file was left untouched: restore it from a backup or point storageProvider.path at another file.");
        }
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void Close(SqliteConnection? writer, FileStream ownerLock)
    {
        writer?.Dispose();
        ownerLock.Dispose();
    }
}
