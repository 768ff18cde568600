using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>What a committed write changed that someone in this process waits for.</summary>
internal sealed class WriteEffects
{
    public List<OrchestrationState> Finished { get; } = [];
}
