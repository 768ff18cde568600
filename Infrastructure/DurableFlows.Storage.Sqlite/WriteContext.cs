using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <summary>The writer's connection as the operations see it: cached statements and the codec for rows.</summary>
internal sealed class WriteContext(SqliteConnection connection, PayloadCodec codec) : StatementCache(connection)
{
    private readonly List<Action> _applied = [];

    public PayloadCodec Codec { get; } = codec;

    /// <summary>Runs a statement file with the given parameters and returns the rows it changed.</summary>
    public int Execute(string script, params (string Name, object? Value)[] parameters) =>
        Command(script, parameters).ExecuteNonQuery();

    /// <summary>Runs a statement file and returns the first column of its first row.</summary>
    public object? Scalar(string script, params (string Name, object? Value)[] parameters) =>
        Command(script, parameters).ExecuteScalar();

    /// <summary>Runs a statement file and reads its rows.</summary>
    public SqliteDataReader Query(string script, params (string Name, object? Value)[] parameters) =>
        Command(script, parameters).ExecuteReader();

    /// <summary>Stores the payloads a row references, before the row, so the row's trigger counts them.</summary>
    public void StorePayloads(EncodedRow row)
    {
        foreach (var (hash, body) in row.Payloads)
        {
            Execute("InsertPayload", ("@hash", hash), ("@body", body));
        }
    }

    /// <summary>
    /// Registers what the running operation changes in memory (the ready work, the history cache, its lock).
    /// It runs once the operation has succeeded, in the order operations ran, and is dropped if it fails.
    /// </summary>
    public void OnApplied(Action change) => _applied.Add(change);

    /// <summary>Runs and forgets the running operation's in-memory changes; returns whether it had any.</summary>
    public bool RunApplied()
    {
        try
        {
            foreach (var change in _applied)
            {
                change();
            }

            return _applied.Count > 0;
        }
        finally
        {
            _applied.Clear();
        }
    }

    /// <summary>Forgets the running operation's in-memory changes: its savepoint was rolled back.</summary>
    public void DiscardApplied() => _applied.Clear();
}
