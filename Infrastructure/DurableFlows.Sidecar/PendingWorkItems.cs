using System.Collections.Concurrent;

namespace DurableFlows.Sidecar;

/// <summary>The work items every worker holds, by completion token and by instance.</summary>
internal sealed class PendingWorkItems
{
    private readonly ConcurrentDictionary<string, PendingWorkItem> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingWorkItem> _byKey = new(StringComparer.Ordinal);

    public IEnumerable<PendingWorkItem> All => _byToken.Values;

    public void Add(PendingWorkItem item)
    {
        _byToken[item.Token] = item;
        _byKey[item.Key] = item;
    }

    /// <summary>Removes and returns the item a completion names: by token, else by key.</summary>
    public PendingWorkItem? Take(string? token, string key)
    {
        PendingWorkItem? item = null;
        if (!string.IsNullOrEmpty(token))
        {
            _byToken.TryRemove(token, out item);
        }
        else if (_byKey.TryGetValue(key, out var byKey))
        {
            _byToken.TryRemove(byKey.Token, out item);
        }

        if (item is not null)
        {
            _byKey.TryRemove(new KeyValuePair<string, PendingWorkItem>(item.Key, item));
        }

        return item;
    }

    public List<PendingWorkItem> TakeAll(WorkerSession session)
    {
        var taken = new List<PendingWorkItem>();
        foreach (var item in _byToken.Values.Where(i => ReferenceEquals(i.Session, session)))
        {
            if (Take(item.Token, item.Key) is { } removed)
            {
                taken.Add(removed);
            }
        }

        return taken;
    }
}
