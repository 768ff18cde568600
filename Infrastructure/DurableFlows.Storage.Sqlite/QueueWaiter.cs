namespace DurableFlows.Storage.Sqlite;

/// <summary>One worker waiting for work on a queue.</summary>
/// <param name="filtered">Whether the worker takes only some names, so a wake-up meant for it may not suit it.</param>
internal sealed class QueueWaiter(bool filtered)
{
    private readonly TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Filtered { get; } = filtered;

    public Task Woken => _woken.Task;

    public LinkedListNode<QueueWaiter>? Node { get; set; }

    public void Wake() => _woken.TrySetResult();
}
