using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>What a committed write changed that someone in this process waits for.</summary>
internal sealed class WriteEffects
{
    public HashSet<string> OrchestrationQueues { get; } = new(StringComparer.Ordinal);

    public HashSet<string> ActivityQueues { get; } = new(StringComparer.Ordinal);

    public List<OrchestrationState> Finished { get; } = [];
}
