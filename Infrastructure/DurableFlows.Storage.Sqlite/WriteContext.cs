using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The writer's connection as the operations see it: prepared statements by script name, kept for the
/// life of the connection, and the codec for rows.
/// </summary>
internal sealed class WriteContext(SqliteConnection connection, PayloadCodec codec) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public PayloadCodec Codec { get; } = codec;

    public SqliteConnection Connection { get; } = connection;

    /// <summary>Runs a statement file with the given parameters and returns the rows it changed.</summary>
    public int Execute(string script, params (string Name, object? Value)[] parameters) =>
        Bind(script, parameters).ExecuteNonQuery();

    /// <summary>Runs a statement file and reads its rows.</summary>
    public SqliteDataReader Query(string script, params (string Name, object? Value)[] parameters) =>
        Bind(script, parameters).ExecuteReader();

    /// <summary>Stores the payloads a row references, before the row, so the row's trigger counts them.</summary>
    public void StorePayloads(EncodedRow row)
    {
        foreach (var (hash, body) in row.Payloads)
        {
            Execute("InsertPayload", ("@hash", hash), ("@body", body));
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private SqliteCommand Bind(string script, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(script, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = SqlScripts.Get(script);
            _commands.Add(script, command);
        }

        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
