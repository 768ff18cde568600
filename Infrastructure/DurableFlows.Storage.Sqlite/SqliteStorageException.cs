namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The SQLite database cannot be used or written: it is not SQLite, is corrupt, locked, read-only, of a
/// newer schema, or the disk is full. The message names the file and what is expected.
/// </summary>
public sealed class SqliteStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqliteStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SqliteStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SqliteStorageException()
    {
    }
}
