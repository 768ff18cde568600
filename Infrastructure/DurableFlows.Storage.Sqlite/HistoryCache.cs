using DurableTask.Core.History;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The decoded history of recently checkpointed executions, so that the next episode of a running instance
/// reads only its new messages instead of decoding every event again. An entry is trusted only when the
/// database still holds exactly as many events for that execution (checked in the same snapshot), so any
/// write that changes a history some other way (restart, purge, continue-as-new) makes it miss, not lie.
/// Bounded: the least recently used entry goes first.
/// </summary>
internal sealed class HistoryCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _hits;

    /// <summary>Gets how many lookups the database confirmed as current (see <see cref="Confirmed"/>).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Returns the cached events of the execution, or null when it is not cached.</summary>
    public IReadOnlyList<HistoryEvent>? Get(string instanceId, string executionId)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(instanceId, out var node) || node.Value.ExecutionId != executionId)
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Events;
        }
    }

    /// <summary>Remembers the whole history of an execution after its checkpoint committed.</summary>
    public void Set(string instanceId, string executionId, IReadOnlyList<HistoryEvent> events)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(instanceId, out var old))
            {
                _recency.Remove(old);
            }

            _entries[instanceId] = _recency.AddFirst(new Entry(instanceId, executionId, events));
            if (_entries.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.InstanceId);
            }
        }
    }

    /// <summary>Counts a lookup that the database confirmed as current.</summary>
    public void Confirmed() => Interlocked.Increment(ref _hits);

    public void Remove(string instanceId)
    {
        lock (_gate)
        {
            if (_entries.Remove(instanceId, out var node))
            {
                _recency.Remove(node);
            }
        }
    }

    private sealed record Entry(string InstanceId, string ExecutionId, IReadOnlyList<HistoryEvent> Events);
}
