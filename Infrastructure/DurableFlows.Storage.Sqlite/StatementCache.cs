using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// A connection with its statements prepared once and kept: preparing the same SQL on every call costs
/// more than running it. Used by one thread at a time.
/// </summary>
internal class StatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>Gets the statement file's command with the given parameters bound. Do not dispose it.</summary>
    public SqliteCommand Command(string script, params (string Name, object? Value)[] parameters)
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

    public virtual void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
