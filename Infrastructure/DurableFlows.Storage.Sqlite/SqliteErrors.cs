using Microsoft.Data.Sqlite;

namespace DurableFlows.Storage.Sqlite;

/// <summary>Turns SQLite result codes into messages a user can act on.</summary>
internal static class SqliteErrors
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int Constraint = 19;
    public const int NotADatabase = 26;

    /// <summary>Whether the error leaves the transaction unusable, so the whole batch must roll back.</summary>
    public static bool IsFatalToTransaction(SqliteException error) =>
        error.SqliteErrorCode is Full or IoError or Corrupt or ReadOnly or Busy or Locked or NotADatabase or CantOpen or 7 /* NOMEM */;

    public static SqliteStorageException Describe(SqliteException error, string path, string doing)
    {
        var message = error.SqliteErrorCode switch
        {
            Full =>
                $"The disk holding '{path}' is full (SQLite error 13 while {doing}). Nothing committed before was lost; " +
                "free disk space and retry, the failed write was rolled back.",
            NotADatabase =>
                $"'{path}' is not a SQLite database (SQLite error 26 while {doing}); expected a DurableFlows database file. " +
                "The file was left untouched: move it away or point storageProvider.path at another file.",
            Corrupt =>
                $"'{path}' is corrupt (SQLite error 11 while {doing}); expected an intact SQLite database. " +
                "The file was left untouched: restore it from a backup or point storageProvider.path at another file.",
            Busy or Locked =>
                $"'{path}' is locked by another process (SQLite error {error.SqliteErrorCode} while {doing}); expected it to be free. " +
                "Stop the other process (another DurableFlows host or a sqlite3 shell) and retry.",
            ReadOnly or CantOpen =>
                $"'{path}' cannot be opened for writing (SQLite error {error.SqliteErrorCode} while {doing}); expected the file and " +
                "its folder to be writable (SQLite creates '-wal' and '-shm' files next to it).",
            IoError =>
                $"Reading or writing '{path}' failed (SQLite I/O error {error.SqliteExtendedErrorCode} while {doing}); expected a " +
                "working, writable disk. The failed write was rolled back.",
            _ => $"SQLite error {error.SqliteErrorCode} ({error.Message}) on '{path}' while {doing}.",
        };
        return new SqliteStorageException(message, error);
    }
}
