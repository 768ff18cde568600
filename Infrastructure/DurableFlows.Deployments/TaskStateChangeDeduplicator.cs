namespace DurableFlows.Deployments;

/// <summary>
/// Drops task state change events already seen: EventBridge and SQS deliver at least once and out of
/// order, and each change of a task carries a larger <c>detail.version</c>. Entries of tasks not heard
/// of for <see cref="Retention"/> are forgotten so the table stays small.
/// </summary>
public sealed class TaskStateChangeDeduplicator(TimeProvider timeProvider)
{
    private readonly Dictionary<string, (long Version, DateTimeOffset SeenAt)> _latest = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Gets how long a task's latest version is remembered.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Whether the event is newer than every event seen for its task; if so it becomes the latest.
    /// Events without a version always pass (they cannot be ordered).
    /// </summary>
    public bool IsNew(string taskArn, long? version)
    {
        ArgumentNullException.ThrowIfNull(taskArn);
        if (version is not { } v)
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            Prune(now);
            if (_latest.TryGetValue(taskArn, out var seen) && seen.Version >= v)
            {
                return false;
            }

            _latest[taskArn] = (v, now);
            return true;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (now - _lastPrune < Retention / 10)
        {
            return;
        }

        _lastPrune = now;
        foreach (var stale in _latest.Where(e => now - e.Value.SeenAt > Retention).Select(e => e.Key).ToList())
        {
            _latest.Remove(stale);
        }
    }
}
