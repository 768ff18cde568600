using DurableTask.Core;

namespace DurableFlows.Storage;

/// <summary>
/// The extension our backends implement on top of <see cref="IOrchestrationService"/>: lock the next
/// work item that a given worker may run. <see cref="IOrchestrationService"/> has no such parameter,
/// and locking an item only to hand it back would loop, so routing by queue and by work-item filter
/// happens inside the store's own selection.
/// </summary>
public interface IRoutedOrchestrationService
{
    /// <summary>
    /// Locks the next orchestration work item whose instance is on <see cref="WorkItemSelector.Queue"/>
    /// and whose name the selector accepts. Returns <see langword="null"/> when none arrives within
    /// <paramref name="receiveTimeout"/>.
    /// </summary>
    Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(
        WorkItemSelector selector, TimeSpan receiveTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the next activity work item scheduled by an instance on <see cref="WorkItemSelector.Queue"/>
    /// whose activity name the selector accepts. Returns <see langword="null"/> when none arrives within
    /// <paramref name="receiveTimeout"/>.
    /// </summary>
    Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItemAsync(
        WorkItemSelector selector, TimeSpan receiveTimeout, CancellationToken cancellationToken);
}
