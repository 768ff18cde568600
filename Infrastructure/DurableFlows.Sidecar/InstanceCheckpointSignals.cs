namespace DurableFlows.Sidecar;

/// <summary>
/// Wakes callers waiting for an instance to move (WaitForInstanceStart) when this sidecar commits a
/// checkpoint of it, so that they need not poll the store. Waiters register before they read the state,
/// so a checkpoint between the read and the wait is not missed.
/// </summary>
internal sealed class InstanceCheckpointSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<TaskCompletionSource>> _waiters = new(StringComparer.Ordinal);

    public TaskCompletionSource Register(string instanceId)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(instanceId, out var list))
            {
                list = [];
                _waiters.Add(instanceId, list);
            }

            list.Add(waiter);
        }

        return waiter;
    }

    public void Unregister(string instanceId, TaskCompletionSource waiter)
    {
        lock (_gate)
        {
            if (_waiters.TryGetValue(instanceId, out var list) && list.Remove(waiter) && list.Count == 0)
            {
                _waiters.Remove(instanceId);
            }
        }
    }

    public void Checkpointed(string instanceId)
    {
        List<TaskCompletionSource>? woken;
        lock (_gate)
        {
            if (_waiters.Count == 0 || !_waiters.Remove(instanceId, out woken))
            {
                return;
            }
        }

        foreach (var waiter in woken)
        {
            waiter.TrySetResult();
        }
    }
}
