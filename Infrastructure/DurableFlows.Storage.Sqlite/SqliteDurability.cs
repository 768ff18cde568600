namespace DurableFlows.Storage.Sqlite;

/// <summary>How hard a commit is pushed to the disk before it counts as done.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// Every commit is fsync'd to the write-ahead log before the caller is answered (the fsync runs beside
    /// the writer, which commits with <c>synchronous=NORMAL</c>; see <c>WalSyncer</c>). Nothing acknowledged
    /// is lost, whatever happens to the process, the OS or the power. A query may see a commit up to one
    /// fsync before it is acknowledged.
    /// </summary>
    Full,

    /// <summary>
    /// <c>synchronous=NORMAL</c> in WAL mode: commits survive a crash of the process; an OS crash or a power
    /// loss may lose the last commits (never corrupting the file).
    /// </summary>
    Normal,

    /// <summary>
    /// <c>synchronous=OFF</c>: SQLite never waits for the disk. A process crash loses nothing, but an OS
    /// crash or power loss may lose recent commits or corrupt the database.
    /// </summary>
    Off,
}
