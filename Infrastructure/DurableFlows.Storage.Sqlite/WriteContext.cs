using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <summary>The writer's connection as the operations see it: cached statements and the codec for rows.</summary>
internal sealed class WriteContext(SqliteConnection connection, PayloadCodec codec) : StatementCache(connection)
{
    public PayloadCodec Codec { get; } = codec;

    /// <summary>Runs a statement file with the given parameters and returns the rows it changed.</summary>
    public int Execute(string script, params (string Name, object? Value)[] parameters) =>
        Command(script, parameters).ExecuteNonQuery();

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
}
