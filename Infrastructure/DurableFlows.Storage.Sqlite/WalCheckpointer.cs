using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database on its own connection and thread. SQLite would do
/// it inside a commit (every 1000 pages), putting the database file's fsync on the writer's path; a
/// passive checkpoint here runs beside the writer and never blocks it.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    // Enough writes to be worth a checkpoint, few enough that the log stays a few megabytes.
    private const int OperationsPerCheckpoint = 2000;
    private const int CommitsPerCheckpoint = 200;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _checkpoint;
    private readonly SemaphoreSlim _due = new(0);
    private readonly Thread _loop;
    private readonly ILogger _logger;
    private readonly string _path;
    private int _operations;
    private int _commits;
    private volatile bool _stopped;

    public WalCheckpointer(string connectionString, string synchronous, string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA synchronous = {synchronous};";
            pragma.ExecuteNonQuery();
        }

        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = SqlScripts.Get("CheckpointWal");
        _loop = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint " + Path.GetFileName(path) };
        _loop.Start();
    }

    /// <summary>Counts a commit of the writer; every so many, a checkpoint is started.</summary>
    public void Committed(int operations)
    {
        if (Interlocked.Add(ref _operations, operations) >= OperationsPerCheckpoint
            || Interlocked.Increment(ref _commits) >= CommitsPerCheckpoint)
        {
            Interlocked.Exchange(ref _operations, 0);
            Interlocked.Exchange(ref _commits, 0);
            _due.Release();
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _due.Release();
        _loop.Join();
        _checkpoint.Dispose();
        _connection.Dispose();
        _due.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _due.Wait();
            if (_stopped)
            {
                return;
            }

            try
            {
                _checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException error)
            {
                // The next one catches up; the log only grows meanwhile (a full disk, for instance).
                _logger.CheckpointFailed(_path, error.Message);
            }
        }
    }
}
