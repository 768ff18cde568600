using DurableFlows.Storage;
using Microsoft.DurableTask;

namespace DurableFlows.Sidecar.Tests;

/// <summary>Start options that bind a new instance to a queue.</summary>
public static class QueueOptions
{
    /// <summary>Options that put the instance on <paramref name="queue"/> through its start tags.</summary>
    public static StartOrchestrationOptions On(string queue) =>
        new() { Tags = new Dictionary<string, string> { [InstanceTags.Queue] = queue } };
}
