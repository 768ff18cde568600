namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// A work item claimed by a worker. Locks live in memory: the database file belongs to one process (an
/// owner lock file enforces it), so a lock never has to outlive it, and taking one costs no commit.
/// </summary>
internal abstract class WorkItemLock(string queue, DateTime lockedUntilUtc)
{
    public string Queue { get; } = queue;

    public DateTime LockedUntilUtc { get; set; } = lockedUntilUtc;

    /// <summary>Gets or sets the rollback epoch it was claimed in; a failed commit since then makes its completion stale.</summary>
    public long Epoch { get; set; }

    /// <summary>Gets or sets whether its completion is being committed; such a lock does not expire.</summary>
    public bool Completing { get; set; }

    /// <summary>Gets or sets whether its completion was applied: what it was handed is gone, so its delivery need not be counted.</summary>
    public bool Consumed { get; set; }

    /// <summary>Gets whether a worker that died or hung has lost it by <paramref name="now"/>.</summary>
    public bool IsExpired(DateTime now) => !Completing && LockedUntilUtc <= now;

    /// <summary>Gets whether it can still expire, before <paramref name="time"/>.</summary>
    public bool ExpiresBefore(DateTime time) => !Completing && LockedUntilUtc < time;
}
