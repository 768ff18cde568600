using DurableTask.Core;

namespace DurableFlows.Sidecar;

/// <summary>A work item handed to a worker and not yet completed or handed back.</summary>
internal sealed class PendingWorkItem
{
    private int _settled;

    public PendingWorkItem(string token, string key, WorkerSession session, OrchestrationEpisode? episode, TaskActivityWorkItem? activity)
    {
        Token = token;
        Key = key;
        Session = session;
        Episode = episode;
        Activity = activity;
    }

    public string Token { get; }

    /// <summary>The key a completion without a token is matched by: instance id, plus task id for activities.</summary>
    public string Key { get; }

    public WorkerSession Session { get; }

    public OrchestrationEpisode? Episode { get; }

    public TaskActivityWorkItem? Activity { get; set; }

    public string Kind => Episode is null ? "activity" : "orchestration";

    public string Id => Episode?.WorkItem.InstanceId ?? Activity!.Id;

    /// <summary>Claims the item for exactly one completion or abandonment.</summary>
    public bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;

    public static string OrchestrationKey(string instanceId) => "o\n" + instanceId;

    public static string ActivityKey(string instanceId, int taskId) => "a\n" + instanceId + "\n" + taskId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
