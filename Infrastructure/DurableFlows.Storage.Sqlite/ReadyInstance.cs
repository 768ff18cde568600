namespace DurableFlows.Storage.Sqlite;

/// <summary>An instance with messages in its inbox, as <see cref="ReadyWork"/> keeps it.</summary>
internal sealed class ReadyInstance(string instanceId, InstanceRoute route)
{
    public string InstanceId { get; } = instanceId;

    public InstanceRoute Route { get; set; } = route;

    /// <summary>Gets or sets whether a worker holds it; its messages are then out of the queue's due order.</summary>
    public bool Claimed { get; set; }

    /// <summary>Gets the inbox, by sequence number.</summary>
    public SortedList<long, InboxEntry> Messages { get; } = [];

    /// <summary>
    /// Gets whether a worker may take it now: a Pending instance (a scheduled start) waits for its start
    /// message to be due, even when events raised for it already are.
    /// </summary>
    public bool IsReady(long now)
    {
        if (!Route.Pending)
        {
            return true;
        }

        foreach (var message in Messages.Values)
        {
            if (message.IsStart && message.VisibleAt <= now)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets the messages due now, a start first (with continue-as-new carryover it arrives after the events it carries).</summary>
    public List<InboxEntry> Due(long now) =>
        [.. Messages.Values.Where(m => m.VisibleAt <= now).OrderBy(m => m.IsStart ? 0 : 1).ThenBy(m => m.SequenceNumber)];
}
