using DurableTask.Core.History;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The decoded history of recently checkpointed executions, so that the next episode of a running instance
/// needs no query and no decoding. Every write that changes a history goes through the single writer,
/// which updates or removes the entry as it applies the write, so an entry is exact. Bounded: the least
/// recently used entry goes first, but never one whose checkpoint is still on its way to the disk, since
/// the file cannot tell that history yet.
/// </summary>
internal sealed class HistoryCache(int capacity, Func<long> committedBatch)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _hits;

    /// <summary>Gets how many lookups found the history.</summary>
    public long Hits
    {
        get
        {
            lock (_gate)
            {
                return _hits;
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
            _hits++;
            return node.Value.Events;
        }
    }

    /// <summary>Remembers the whole history of an execution, as written by a checkpoint in the given writer batch.</summary>
    public void Set(string instanceId, string executionId, IReadOnlyList<HistoryEvent> events, long batch)
    {
        lock (_gate)
        {
            if (_entries.Remove(instanceId, out var old))
            {
                _recency.Remove(old);
            }

            _entries[instanceId] = _recency.AddFirst(new Entry(instanceId, executionId, events, batch));
            var committed = committedBatch();
            for (var node = _recency.Last; node is not null && _entries.Count > capacity;)
            {
                var newer = node.Previous;
                if (node.Value.Batch <= committed)
                {
                    _recency.Remove(node);
                    _entries.Remove(node.Value.InstanceId);
                }

                node = newer;
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

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

    private sealed record Entry(string InstanceId, string ExecutionId, IReadOnlyList<HistoryEvent> Events, long Batch);
}
