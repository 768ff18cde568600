using System.Globalization;

namespace DurableFlows.Deployments;

/// <summary>
/// The names a deployment run derives from its id. The id is the parent instance id plus the run's
/// sequence number within the parent, so a replay, or a host restart, names the same run again.
/// </summary>
public static class DeploymentRunIds
{
    /// <summary>The prefix of the completion event's name.</summary>
    public const string CompletionEventPrefix = "DeploymentRunCompleted:";

    /// <summary>The prefix of a run's queue.</summary>
    public const string QueuePrefix = "run-";

    /// <summary>Gets the id of the <paramref name="sequence"/>-th run started by a parent (1-based); it is also the child instance id.</summary>
    public static string RunId(string parentInstanceId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{ChildPrefix(parentInstanceId)}{sequence}");

    /// <summary>Gets the prefix every run id of a parent starts with.</summary>
    public static string ChildPrefix(string parentInstanceId) => parentInstanceId + "-run-";

    /// <summary>Gets the queue the run's child instance is bound to.</summary>
    public static string Queue(string runId) => QueuePrefix + runId;

    /// <summary>Gets the run id a run queue serves, or null when the queue is not a run queue.</summary>
    public static string? RunIdOfQueue(string? queue) =>
        queue is not null && queue.StartsWith(QueuePrefix, StringComparison.Ordinal) && queue.Length > QueuePrefix.Length
            ? queue[QueuePrefix.Length..]
            : null;

    /// <summary>Gets the name of the event that ends the parent's wait.</summary>
    public static string CompletionEvent(string runId) => CompletionEventPrefix + runId;
}
