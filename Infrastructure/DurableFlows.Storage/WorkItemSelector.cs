namespace DurableFlows.Storage;

/// <summary>
/// Says which work items a worker may receive: those of one queue and, when the worker declared
/// work-item filters, only the orchestration and activity names it named.
/// </summary>
/// <param name="Queue">The queue the worker serves. Instances are bound to a queue when they are created.</param>
/// <param name="OrchestrationNames">Orchestration names the worker accepts, or <see langword="null"/> for all.</param>
/// <param name="ActivityNames">Activity names the worker accepts, or <see langword="null"/> for all.</param>
public sealed record WorkItemSelector(
    string Queue,
    IReadOnlySet<string>? OrchestrationNames = null,
    IReadOnlySet<string>? ActivityNames = null)
{
    /// <summary>The queue of instances that were created without naming one.</summary>
    public const string DefaultQueue = "default";

    /// <summary>Gets a selector for every work item of the default queue.</summary>
    public static WorkItemSelector Default { get; } = new(DefaultQueue);

    /// <summary>Whether an orchestration work item of <paramref name="queue"/> and <paramref name="name"/> is for this worker.</summary>
    public bool AcceptsOrchestration(string queue, string name) =>
        string.Equals(queue, Queue, StringComparison.Ordinal) && (OrchestrationNames is null || OrchestrationNames.Contains(name));

    /// <summary>Whether an activity work item of <paramref name="queue"/> and <paramref name="name"/> is for this worker.</summary>
    public bool AcceptsActivity(string queue, string name) =>
        string.Equals(queue, Queue, StringComparison.Ordinal) && (ActivityNames is null || ActivityNames.Contains(name));
}
