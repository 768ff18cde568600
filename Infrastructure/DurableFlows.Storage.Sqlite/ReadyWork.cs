namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The Inbox and Activities tables as workers look into them, kept in memory so that handing out a work
/// item costs no query. The database file belongs to one process and every change goes through its single
/// writer, which mirrors each change here as it applies it; at start-up (and after a failed commit) this is
/// loaded from the file. Not thread-safe: the service guards it with the gate of its work item locks, so
/// that finding an item and claiming it are one step. A claimed instance or activity leaves its queue's
/// order until it is released, so finding the next item never walks past the ones workers hold.
/// </summary>
internal sealed class ReadyWork
{
    private static readonly Comparer<InboxEntry> _dueOrder = Comparer<InboxEntry>.Create((a, b) =>
    {
        var byTime = a.VisibleAt.CompareTo(b.VisibleAt);
        return byTime != 0 ? byTime : a.SequenceNumber.CompareTo(b.SequenceNumber);
    });

    private readonly Dictionary<string, ReadyInstance> _instances = new(StringComparer.Ordinal);
    // The messages of unclaimed instances, by queue, in the order they fall due.
    private readonly Dictionary<string, SortedSet<InboxEntry>> _inboxByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ReadyActivity> _activities = [];
    // Unclaimed activities, by queue, oldest first.
    private readonly Dictionary<string, SortedDictionary<long, ReadyActivity>> _activitiesByQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<long>> _activitiesByInstance = new(StringComparer.Ordinal);

    public void Clear()
    {
        _instances.Clear();
        _inboxByQueue.Clear();
        _activities.Clear();
        _activitiesByQueue.Clear();
        _activitiesByInstance.Clear();
    }

    /// <summary>Adds an inbox message; the route is the instance's row as the same transaction sees it.</summary>
    public void AddMessage(InboxEntry entry, InstanceRoute route)
    {
        if (!_instances.TryGetValue(entry.InstanceId, out var instance))
        {
            instance = new ReadyInstance(entry.InstanceId, route);
            _instances.Add(entry.InstanceId, instance);
        }

        instance.Route = route;
        instance.Messages[entry.SequenceNumber] = entry;
        if (!instance.Claimed)
        {
            AddToQueue(entry);
        }
    }

    /// <summary>Takes the instance out of its queue's order while a worker holds it.</summary>
    public void Claim(ReadyInstance instance)
    {
        instance.Claimed = true;
        foreach (var entry in instance.Messages.Values)
        {
            RemoveFromQueue(entry);
        }
    }

    /// <summary>Puts back the messages of an instance a worker let go of (those its checkpoint did not consume).</summary>
    public void Release(string instanceId)
    {
        if (!_instances.TryGetValue(instanceId, out var instance) || !instance.Claimed)
        {
            return;
        }

        instance.Claimed = false;
        foreach (var entry in instance.Messages.Values)
        {
            AddToQueue(entry);
        }

        ForgetIfEmpty(instance);
    }

    /// <summary>Follows a change of the instance's row (a checkpoint, a restart) when it has messages waiting.</summary>
    public void SetRoute(string instanceId, InstanceRoute route)
    {
        if (_instances.TryGetValue(instanceId, out var instance))
        {
            instance.Route = route;
        }
    }

    /// <summary>Follows a checkpoint's update of the instance's row: its execution and whether it is still Pending.</summary>
    public void SetExecution(string instanceId, string executionId, bool pending)
    {
        if (_instances.TryGetValue(instanceId, out var instance))
        {
            instance.Route = instance.Route with { ExecutionId = executionId, Pending = pending };
        }
    }

    public void RemoveMessages(string instanceId, IEnumerable<long> sequenceNumbers)
    {
        if (!_instances.TryGetValue(instanceId, out var instance))
        {
            return;
        }

        foreach (var sequenceNumber in sequenceNumbers)
        {
            if (instance.Messages.Remove(sequenceNumber, out var entry))
            {
                RemoveFromQueue(entry);
            }
        }

        ForgetIfEmpty(instance);
    }

    /// <summary>Removes the instance's messages that <paramref name="which"/> selects, or all of them.</summary>
    public void RemoveMessages(string instanceId, Func<InboxEntry, bool>? which = null)
    {
        if (!_instances.TryGetValue(instanceId, out var instance))
        {
            return;
        }

        foreach (var entry in instance.Messages.Values.Where(m => which is null || which(m)).ToList())
        {
            instance.Messages.Remove(entry.SequenceNumber);
            RemoveFromQueue(entry);
        }

        ForgetIfEmpty(instance);
    }

    public void AddActivity(ReadyActivity activity)
    {
        _activities[activity.Id] = activity;
        AddToQueue(activity);
        if (!_activitiesByInstance.TryGetValue(activity.InstanceId, out var ofInstance))
        {
            ofInstance = [];
            _activitiesByInstance.Add(activity.InstanceId, ofInstance);
        }

        ofInstance.Add(activity.Id);
    }

    public void RemoveActivity(long id)
    {
        if (!_activities.Remove(id, out var activity))
        {
            return;
        }

        if (_activitiesByQueue.TryGetValue(activity.Queue, out var queue))
        {
            queue.Remove(id);
        }

        if (_activitiesByInstance.TryGetValue(activity.InstanceId, out var ofInstance) && ofInstance.Remove(id) && ofInstance.Count == 0)
        {
            _activitiesByInstance.Remove(activity.InstanceId);
        }
    }

    /// <summary>Takes the activity out of its queue while a worker holds it.</summary>
    public void Claim(ReadyActivity activity)
    {
        activity.Claimed = true;
        if (_activitiesByQueue.TryGetValue(activity.Queue, out var queue))
        {
            queue.Remove(activity.Id);
        }
    }

    /// <summary>Puts back an activity a worker let go of without completing it.</summary>
    public void ReleaseActivity(long id)
    {
        if (_activities.TryGetValue(id, out var activity) && activity.Claimed)
        {
            activity.Claimed = false;
            AddToQueue(activity);
        }
    }

    public void RemoveActivities(string instanceId)
    {
        if (_activitiesByInstance.TryGetValue(instanceId, out var ofInstance))
        {
            foreach (var id in ofInstance.ToList())
            {
                RemoveActivity(id);
            }
        }
    }

    /// <summary>
    /// Finds the unclaimed instance with the oldest due message on the queue whose name passes the filter
    /// and that is ready (see <see cref="ReadyInstance.IsReady"/>).
    /// </summary>
    public ReadyInstance? FindInstance(string queue, IReadOnlyCollection<string>? names, long now)
    {
        if (!_inboxByQueue.TryGetValue(queue, out var inbox))
        {
            return null;
        }

        HashSet<string>? passed = null;
        foreach (var entry in inbox)
        {
            if (entry.VisibleAt > now)
            {
                break;
            }

            if (passed?.Contains(entry.InstanceId) == true || !_instances.TryGetValue(entry.InstanceId, out var instance))
            {
                continue;
            }

            if ((names is null || names.Contains(instance.Route.Name)) && instance.IsReady(now))
            {
                return instance;
            }

            // Filtered out or waiting for its start: its later messages need no second look.
            (passed ??= new HashSet<string>(StringComparer.Ordinal)).Add(entry.InstanceId);
        }

        return null;
    }

    /// <summary>Finds the oldest unclaimed activity on the queue whose name passes the filter.</summary>
    public ReadyActivity? FindActivity(string queue, IReadOnlyCollection<string>? names)
    {
        if (!_activitiesByQueue.TryGetValue(queue, out var activities))
        {
            return null;
        }

        foreach (var activity in activities.Values)
        {
            if (names is null || names.Contains(activity.Name))
            {
                return activity;
            }
        }

        return null;
    }

    /// <summary>Gets when the next message on the queue that is not yet due becomes due, if any.</summary>
    public long? NextVisibleAt(string queue, long now)
    {
        if (!_inboxByQueue.TryGetValue(queue, out var inbox) || inbox.Count == 0 || inbox.Max!.VisibleAt <= now)
        {
            return null;
        }

        // Everything after the last possible message due at `now`.
        var lastDue = new InboxEntry(long.MaxValue, string.Empty, null, queue, now, null!);
        return inbox.GetViewBetween(lastDue, inbox.Max).Min?.VisibleAt;
    }

    private void AddToQueue(InboxEntry entry)
    {
        if (!_inboxByQueue.TryGetValue(entry.Queue, out var queue))
        {
            queue = new SortedSet<InboxEntry>(_dueOrder);
            _inboxByQueue.Add(entry.Queue, queue);
        }

        queue.Add(entry);
    }

    private void AddToQueue(ReadyActivity activity)
    {
        if (!_activitiesByQueue.TryGetValue(activity.Queue, out var queue))
        {
            queue = [];
            _activitiesByQueue.Add(activity.Queue, queue);
        }

        queue[activity.Id] = activity;
    }

    private void RemoveFromQueue(InboxEntry entry)
    {
        if (_inboxByQueue.TryGetValue(entry.Queue, out var queue))
        {
            queue.Remove(entry);
        }
    }

    // A claimed instance is kept even when empty, so that messages arriving meanwhile stay out of the queue.
    private void ForgetIfEmpty(ReadyInstance instance)
    {
        if (instance.Messages.Count == 0 && !instance.Claimed)
        {
            _instances.Remove(instance.InstanceId);
        }
    }
}
