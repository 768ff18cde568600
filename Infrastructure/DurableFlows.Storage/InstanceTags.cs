using DurableTask.Core.History;

namespace DurableFlows.Storage;

/// <summary>
/// Tags on <see cref="ExecutionStartedEvent"/> that the engine reads. They travel with the instance's
/// history, so every backend sees them without a schema of its own.
/// </summary>
public static class InstanceTags
{
    /// <summary>The queue an instance is bound to. Absent means <see cref="WorkItemSelector.DefaultQueue"/>.</summary>
    public const string Queue = "durableflows.queue";

    /// <summary>Gets the queue of an instance from its start event.</summary>
    public static string GetQueue(ExecutionStartedEvent? started) =>
        GetQueue(started?.Tags);

    /// <summary>Gets the queue named in a tag set, or the default queue.</summary>
    public static string GetQueue(IDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(Queue, out var queue) && !string.IsNullOrEmpty(queue)
            ? queue
            : WorkItemSelector.DefaultQueue;
}
