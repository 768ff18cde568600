namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Wakes workers waiting on a queue when work may have arrived there, so waiting costs no polling while
/// this process makes the changes. A pulse wakes one worker without name filters (plus every filtered
/// one, since it cannot know whether the work suits them); a worker that takes an item pulses again for
/// the next one. A herd of idle workers querying for one item would cost a query each.
/// </summary>
internal sealed class QueueSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedList<QueueWaiter>> _waiters = new(StringComparer.Ordinal);

    /// <summary>Registers a waiter. Register before looking for work, so that a pulse in between is not missed.</summary>
    public QueueWaiter Register(string queue, bool filtered)
    {
        var waiter = new QueueWaiter(filtered);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(queue, out var list))
            {
                list = new LinkedList<QueueWaiter>();
                _waiters.Add(queue, list);
            }

            waiter.Node = list.AddLast(waiter);
        }

        return waiter;
    }

    /// <summary>
    /// Withdraws a waiter that stops waiting without having used a wake-up. A wake-up it received meanwhile
    /// is passed on, so no other worker misses it.
    /// </summary>
    public void Unregister(string queue, QueueWaiter waiter)
    {
        bool passOn;
        lock (_gate)
        {
            if (waiter.Node?.List is { } list)
            {
                list.Remove(waiter.Node);
                waiter.Node = null;
                return;
            }

            passOn = waiter.Woken.IsCompleted && !waiter.Filtered;
        }

        if (passOn)
        {
            Pulse(queue);
        }
    }

    public void Pulse(string queue)
    {
        var woken = new List<QueueWaiter>();
        lock (_gate)
        {
            if (!_waiters.TryGetValue(queue, out var list))
            {
                return;
            }

            var wokeUnfiltered = false;
            for (var node = list.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Filtered || !wokeUnfiltered)
                {
                    wokeUnfiltered |= !node.Value.Filtered;
                    list.Remove(node);
                    node.Value.Node = null;
                    woken.Add(node.Value);
                }

                node = next;
            }
        }

        foreach (var waiter in woken)
        {
            waiter.Wake();
        }
    }

    public void PulseAll()
    {
        var woken = new List<QueueWaiter>();
        lock (_gate)
        {
            foreach (var list in _waiters.Values)
            {
                woken.AddRange(list);
                list.Clear();
            }
        }

        foreach (var waiter in woken)
        {
            waiter.Node = null;
            waiter.Wake();
        }
    }
}
