using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Full durability without the writer waiting for the disk: the writer commits to the write-ahead log
/// without an fsync (<c>synchronous=NORMAL</c>) and hands the batch here; this thread fsyncs the log and
/// only then tells the batch's callers that their writes are committed. One fsync covers every batch
/// committed before it started, and the writer builds the next batch meanwhile.
/// </summary>
/// <remarks>
/// Checkpoints copy the log into the database on their own connection at <c>synchronous=FULL</c>, which
/// syncs the log before copying and the database before the log is reused, so a log that is rewritten
/// from its start never holds the only copy of an acknowledged commit.
/// </remarks>
internal sealed class WalSyncer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _due = new(false);
    private readonly string _walPath;
    private readonly ILogger _logger;
    private readonly Thread _loop;
    private List<WriteOperation> _waiting = [];
    private FileStream? _wal;
    private volatile bool _stopped;
    private long _syncs;

    public WalSyncer(string databasePath, ILogger logger)
    {
        _walPath = databasePath + "-wal";
        _logger = logger;
        _loop = new Thread(Run) { IsBackground = true, Name = "SQLite log sync " + Path.GetFileName(databasePath) };
        _loop.Start();
    }

    /// <summary>Gets how many fsyncs of the log were made.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Takes operations whose batch is committed to the log; they are answered once it is on disk.</summary>
    public void Committed(List<WriteOperation> operations)
    {
        lock (_gate)
        {
            _waiting.AddRange(operations);
        }

        _due.Set();
    }

    /// <summary>Syncs and answers what is waiting, then stops. Call after the writer stopped.</summary>
    public void Dispose()
    {
        _stopped = true;
        _due.Set();
        _loop.Join();
        _wal?.Dispose();
        _due.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _due.WaitOne();
            List<WriteOperation> batch;
            lock (_gate)
            {
                (batch, _waiting) = (_waiting, []);
            }

            if (batch.Count > 0)
            {
                Sync(batch);
            }

            if (_stopped)
            {
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        return;
                    }
                }

                _due.Set();
            }
        }
    }

    private void Sync(List<WriteOperation> batch)
    {
        try
        {
            // The log lives as long as the writer's connection is open, so its handle stays valid.
            _wal ??= new FileStream(_walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            _wal.Flush(flushToDisk: true);
            Interlocked.Increment(ref _syncs);
        }
        catch (IOException error)
        {
            // The writes are in the log but may not be on disk: the callers must not count on them.
            _logger.LogSyncFailed(_walPath, error.Message);
            var failure = new SqliteStorageException(
                $"Syncing the write-ahead log '{_walPath}' to disk failed ({error.Message}); the write may not survive a power loss. Check the disk.",
                error);
            foreach (var operation in batch)
            {
                operation.Failed(failure);
            }

            return;
        }

        foreach (var operation in batch)
        {
            operation.Committed();
        }
    }
}
