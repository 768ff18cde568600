namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Wakes the workers waiting on a queue when work may have arrived there, so that waiting costs no polling
/// while this process makes the changes.
/// </summary>
internal sealed class QueueSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>Gets a task that completes at the next <see cref="Pulse"/> of the queue. Take it before looking.</summary>
    public Task Next(string queue)
    {
        lock (_gate)
        {
            if (!_signals.TryGetValue(queue, out var signal))
            {
                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _signals.Add(queue, signal);
            }

            return signal.Task;
        }
    }

    public void Pulse(string queue)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            _signals.Remove(queue, out signal);
        }

        signal?.TrySetResult();
    }

    public void PulseAll()
    {
        List<TaskCompletionSource> signals;
        lock (_gate)
        {
            signals = [.. _signals.Values];
            _signals.Clear();
        }

        foreach (var signal in signals)
        {
            signal.TrySetResult();
        }
    }
}
