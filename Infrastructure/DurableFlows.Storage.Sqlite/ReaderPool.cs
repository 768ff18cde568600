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

    public StatementCache Rent()
    {
        if (_idle.TryTake(out var reader))
        {
            return reader;
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return new StatementCache(connection);
    }

    public void Return(StatementCache reader)
    {
        if (_idle.Count < keep)
        {
            _idle.Add(reader);
            return;
        }

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
