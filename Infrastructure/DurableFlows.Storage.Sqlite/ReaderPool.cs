using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Read connections, each with its prepared statements, lent to one caller at a time. WAL lets them read
/// while the writer commits.
/// </summary>
internal sealed class ReaderPool(string connectionString, int keep) : IDisposable
{
    private readonly ConcurrentBag<StatementCache> _idle = [];

    // Counted apart: ConcurrentBag.Count takes every thread's lock.
    private int _idleCount;

    public StatementCache Rent()
    {
        if (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            return reader;
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return new StatementCache(connection);
    }

    public void Return(StatementCache reader)
    {
        if (Interlocked.Increment(ref _idleCount) <= keep)
        {
            _idle.Add(reader);
            return;
        }

        Interlocked.Decrement(ref _idleCount);

        Close(reader);
    }

    public void Discard(StatementCache reader) => Close(reader);

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
        {
            Close(reader);
        }
    }

    private static void Close(StatementCache reader)
    {
        reader.Dispose();
        reader.Connection.Dispose();
    }
}
