using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// An orchestration context with a virtual clock: activities answer from a function, external events
/// are delivered at the times the test schedules them, and durable timers fire when the clock reaches
/// them. <see cref="Run{T}"/> drives the flow on the test's thread until it ends, as a single-threaded
/// replay would, so the flow's waiting logic is tested without a backend.
/// </summary>
internal sealed class ScriptedOrchestrationContext(string instanceId, Func<string, object?, object?> activity) : TaskOrchestrationContext
{
    private readonly List<(DateTime At, string Name, object Payload)> _events = [];
    private readonly List<(string Name, TaskCompletionSource<object> Waiter)> _waits = [];
    private readonly List<(DateTime FireAt, TaskCompletionSource Timer, CancellationToken Cancellation)> _timers = [];

    public static DateTime Start { get; } = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    public List<(string Name, object? Input, DateTime At)> ActivityCalls { get; } = [];

    public DateTime Now { get; private set; } = Start;

    public override TaskName Name => "test";

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Schedules an external event, delivered once the clock reaches <paramref name="after"/> from the start and someone waits for it.</summary>
    public void RaiseAt(TimeSpan after, string name, object payload) => _events.Add((Start + after, name, payload));

    public T Run<T>(Func<Task<T>> flow)
    {
        // Without a synchronization context every continuation runs inline when the script completes a
        // wait, so the flow has moved on before the loop looks again.
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return Drive(flow());
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private T Drive<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            _timers.RemoveAll(t => t.Cancellation.IsCancellationRequested);
            var deliverable = _events
                .Where(e => e.At <= Now && _waits.Any(w => w.Name == e.Name))
                .OrderBy(e => e.At)
                .Select(e => ((DateTime At, string Name, object Payload)?)e)
                .FirstOrDefault();
            if (deliverable is { } ready)
            {
                _events.Remove(ready);
                var wait = _waits.First(w => w.Name == ready.Name);
                _waits.Remove(wait);
                wait.Waiter.SetResult(ready.Payload);
                continue;
            }

            var nextEvent = _events.Where(e => _waits.Any(w => w.Name == e.Name)).Select(e => (DateTime?)e.At).Min();
            var nextTimer = _timers.Select(t => (DateTime?)t.FireAt).Min();
            if (nextEvent is null && nextTimer is null)
            {
                throw new InvalidOperationException($"The flow waits for nothing the script will deliver (at {Now:O}).");
            }

            if (nextTimer is { } fireAt && (nextEvent is null || fireAt < nextEvent))
            {
                Now = fireAt > Now ? fireAt : Now;
                var timer = _timers.First(t => t.FireAt == fireAt);
                _timers.Remove(timer);
                timer.Timer.SetResult();
            }
            else
            {
                Now = nextEvent!.Value > Now ? nextEvent.Value : Now;
            }
        }

        return task.GetAwaiter().GetResult();
    }

    public override T? GetInput<T>() where T : default => default;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        ActivityCalls.Add((name.Name, input, Now));
        return Task.FromResult((TResult)activity(name.Name, input)!);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new InvalidOperationException("Deployment runs call no sub-orchestration.");

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var timer = new TaskCompletionSource();
        cancellationToken.Register(() => timer.TrySetCanceled());
        _timers.Add((fireAt, timer, cancellationToken));
        return timer.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        var waiter = new TaskCompletionSource<object>();
        _waits.Add((eventName, waiter));
        return (T)await waiter.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new InvalidOperationException("Deployment runs send no event.");

    public override void SetCustomStatus(object? customStatus)
    {
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new InvalidOperationException("Deployment runs do not continue as new.");

    public override Guid NewGuid() => Guid.Empty;
}
