using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Host.Progress;

/// <summary>
/// Reads a run's tree from the histories of its instances: the tasks each flow scheduled and the
/// sub-flows it started, recursively, with what is running and what is done.
/// </summary>
public sealed class FlowProgressTracker(DurableTaskClient client)
{
    // Finished instances do not change again; their subtree is read once.
    private readonly Dictionary<string, FlowNode> _finished = new(StringComparer.Ordinal);

    /// <summary>Reads the current tree under <paramref name="instanceId"/>.</summary>
    public async Task<FlowNode> ReadAsync(string instanceId, string name, CancellationToken cancellationToken)
    {
        if (_finished.TryGetValue(instanceId, out var done))
        {
            return done;
        }

        IList<HistoryEvent> history;
        try
        {
            history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return new FlowNode(name, instanceId, ProgressState.Pending, []);
        }

        var steps = new List<ProgressStep>();
        var tasks = new Dictionary<int, int>();
        var state = history.Count == 0 ? ProgressState.Pending : ProgressState.Running;
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent scheduled:
                    tasks[scheduled.EventId] = steps.Count;
                    steps.Add(new TaskStep(scheduled.Name ?? "?", ProgressState.Running));
                    break;
                case TaskCompletedEvent completed when tasks.TryGetValue(completed.TaskScheduledId, out var index):
                    steps[index] = ((TaskStep)steps[index]) with { State = ProgressState.Done };
                    break;
                case TaskFailedEvent failed when tasks.TryGetValue(failed.TaskScheduledId, out var index):
                    steps[index] = ((TaskStep)steps[index]) with { State = ProgressState.Failed };
                    break;
                case SubOrchestrationInstanceCreatedEvent created:
                    steps.Add(new SubFlowStep(await ReadAsync(created.InstanceId, created.Name ?? "?", cancellationToken).ConfigureAwait(false)));
                    break;
                case ExecutionCompletedEvent completed:
                    state = completed.OrchestrationStatus == DurableTask.Core.OrchestrationStatus.Completed ? ProgressState.Done : ProgressState.Failed;
                    break;
                case ExecutionTerminatedEvent:
                    state = ProgressState.Failed;
                    break;
                default:
                    break;
            }
        }

        var node = new FlowNode(name, instanceId, state, steps);
        if (state is ProgressState.Done or ProgressState.Failed)
        {
            _finished[instanceId] = node;
        }

        return node;
    }
}
