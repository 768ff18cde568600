using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The single writer of the database. Callers enqueue operations; one loop takes every operation that is
/// waiting, runs them in one transaction (each under its own savepoint) and commits once, so concurrent
/// checkpoints share one fsync (group commit). While a commit is on its way to the disk the next group
/// gathers. SQLite allows one writer at a time anyway; doing it in one place removes busy waits.
/// </summary>
/// <remarks>
/// An operation's in-memory changes (<see cref="WriteContext.OnApplied"/>) take effect as soon as its
/// statements succeed, before the commit reaches the disk: workers start on the next step while the fsync
/// runs, and callers still learn of success only after it. If the commit fails, the batch rolls back and
/// <c>resync</c> rebuilds the in-memory state from the file before the next batch starts.
/// </remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    // How long a batch of deferrable operations (dequeue counts) waits for a real write to share a commit.
    // A batching window, not a point in the workflow's time, so it is measured on the real clock.
    private static readonly TimeSpan _deferralWindow = TimeSpan.FromMilliseconds(20);

    // Enqueuers take no lock and signal only a writer that sleeps (once per batch, not once per operation).
    // The writer announces its sleep, then looks at the queue once more, so an operation that races the
    // announcement is either seen or signalled (both sides use full fences).
    private readonly ConcurrentQueue<WriteOperation> _pending = new();
    private readonly AutoResetEvent _wake = new(false);
    private int _sleeping;

    private readonly WriteContext _context;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly string _path;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly WalCheckpointer _checkpointer;
    private readonly WalSyncer? _syncer;
    private readonly Action<WriteContext> _resync;
    private readonly Thread _loop;
    private volatile bool _completed;
    private bool _resyncNeeded;
    private bool _batchApplied;
    private long _batch;
    private long _committedBatch;

    private long _commits;
    private long _operations;
    private long _failedCommits;

    public GroupCommitWriter(
        SqliteConnection connection,
        PayloadCodec codec,
        string path,
        int maxBatchSize,
        WalCheckpointer checkpointer,
        WalSyncer? syncer,
        Action<WriteContext> resync,
        ILogger logger)
    {
        _syncer = syncer;
        _resync = resync;
        _checkpointer = checkpointer;
        _context = new WriteContext(connection, codec);
        _begin = Command(connection, "BEGIN IMMEDIATE");
        _commit = Command(connection, "COMMIT");
        _rollback = Command(connection, "ROLLBACK");
        _path = path;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
        // A thread of its own: the loop blocks in fsync, which must not hold up the thread pool.
        _loop = new Thread(Run) { IsBackground = true, Name = "SQLite writer " + System.IO.Path.GetFileName(path) };
        _loop.Start();
    }

    public long Commits => Interlocked.Read(ref _commits);

    public long Operations => Interlocked.Read(ref _operations);

    public long FailedCommits => Interlocked.Read(ref _failedCommits);

    /// <summary>Gets the number of the batch whose changes are applied in memory (it may still be committing).</summary>
    public long AppliedBatch => Interlocked.Read(ref _batch);

    /// <summary>Gets the number of the last batch on disk, or rebuilt from it after a failure.</summary>
    public long CommittedBatch => Interlocked.Read(ref _committedBatch);

    /// <summary>Queues work for the next commit; the task completes once it is committed (or failed).</summary>
    public Task<T> EnqueueAsync<T>(Func<WriteContext, T> work, bool deferrable = false)
    {
        var operation = new WriteOperationOf<T>(work, deferrable);
        ObjectDisposedException.ThrowIf(_completed, this);
        _pending.Enqueue(operation);
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            _wake.Set();
        }

        if (_completed && !_loop.IsAlive)
        {
            // Disposed between the check and the enqueue, after its last look at the queue.
            RefuseLate();
        }

        return operation.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        _wake.Set();
        await Task.Run(_loop.Join).ConfigureAwait(false);

        RefuseLate();

        _wake.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _context.Dispose();
    }

    // An operation that slipped in while the loop ended is refused, not left waiting forever.
    private void RefuseLate()
    {
        while (_pending.TryDequeue(out var late))
        {
            late.Failed(new ObjectDisposedException(nameof(GroupCommitWriter)));
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    private void Run()
    {
        var batch = new List<WriteOperation>();
        while (true)
        {
            Drain(batch);
            if (batch.Count == 0)
            {
                if (_completed)
                {
                    return;
                }

                Sleep(Timeout.Infinite);
                continue;
            }

            if (batch.TrueForAll(o => o.Deferrable))
            {
                WaitForCompany(batch);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Drain(List<WriteOperation> batch)
    {
        while (batch.Count < _maxBatchSize && _pending.TryDequeue(out var operation))
        {
            batch.Add(operation);
        }
    }

    private void WaitForCompany(List<WriteOperation> batch)
    {
        var deadline = Environment.TickCount64 + (long)_deferralWindow.TotalMilliseconds;
        while (batch.TrueForAll(o => o.Deferrable) && !_completed)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                // The window closed without a real write: commit the deferrable ones alone.
                return;
            }

            Sleep((int)remaining);
            Drain(batch);
        }
    }

    private void Sleep(int milliseconds)
    {
        Interlocked.Exchange(ref _sleeping, 1);
        if (_pending.IsEmpty && !_completed)
        {
            _wake.WaitOne(milliseconds);
        }

        Interlocked.Exchange(ref _sleeping, 0);
    }

    // Operations fail alone (savepoint) unless the error breaks the transaction (full disk, I/O error),
    // in which case the batch rolls back as a whole and every operation in it reports the error.
    private void Commit(List<WriteOperation> batch)
    {
        var succeeded = new List<WriteOperation>(batch.Count);
        var number = Interlocked.Increment(ref _batch);
        _batchApplied = false;
        try
        {
            _begin.ExecuteNonQuery();

            // Deferrable operations (delivery counts) last, each kind in its order of arrival: a completion
            // earlier in the batch may have made them moot.
            foreach (var operation in batch.OrderBy(o => o.Deferrable))
            {
                RunUnderSavepoint(operation, succeeded);
            }

            _commit.ExecuteNonQuery();
        }
        catch (SqliteException error)
        {
            TryRollback();
            Interlocked.Increment(ref _failedCommits);
            var described = SqliteErrors.Describe(error, _path, "committing a write");
            _logger.CommitFailed(_path, batch.Count, described.Message);
            if (_batchApplied)
            {
                // Memory ran ahead with changes the file no longer has.
                Resync(number);
            }
            else
            {
                Interlocked.Exchange(ref _committedBatch, number);
            }

            // Every operation of the batch learns it, including those after the one that broke it.
            foreach (var operation in batch)
            {
                operation.Failed(described);
            }

            return;
        }

        Interlocked.Exchange(ref _committedBatch, number);
        if (_resyncNeeded)
        {
            Resync(number);
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _operations, succeeded.Count);
        _checkpointer.Committed(succeeded.Count);
        if (_syncer is not null)
        {
            // Answered once the log is on disk; the next batch starts now.
            _syncer.Committed(succeeded);
            return;
        }

        foreach (var operation in succeeded)
        {
            operation.Committed();
        }
    }

    private void RunUnderSavepoint(WriteOperation operation, List<WriteOperation> succeeded)
    {
        _context.Execute("Savepoint");
        try
        {
            operation.Execute(_context);
            _context.Execute("Release");
            succeeded.Add(operation);
        }
        catch (SqliteException error) when (SqliteErrors.IsFatalToTransaction(error))
        {
            _context.DiscardApplied();
            throw;
        }
        catch (Exception error)
        {
            _context.DiscardApplied();
            _context.Execute("RollbackToSavepoint");
            _context.Execute("Release");
            operation.Failed(error);
            return;
        }

        try
        {
            _batchApplied |= _context.RunApplied();
        }
        catch (Exception error)
        {
            // The file is right; memory is not. Rebuild it once the batch is committed (or rolled back).
            _logger.InMemoryChangeFailed(_path, error);
            _batchApplied = true;
            _resyncNeeded = true;
        }
    }

    private void Resync(long number)
    {
        _resyncNeeded = false;
        try
        {
            _resync(_context);
        }
        catch (Exception error)
        {
            _logger.InMemoryChangeFailed(_path, error);
        }

        Interlocked.Exchange(ref _committedBatch, number);
    }

    private void TryRollback()
    {
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite already rolled the transaction back on its own (it does so on some full-disk errors).
        }
    }
}
