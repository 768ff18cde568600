namespace DurableFlows.Storage.Memory;

/// <summary>Settings of the in-memory backend.</summary>
public sealed class MemoryOrchestrationServiceOptions
{
    /// <summary>Gets or sets how long a locked work item stays locked without renewal. Default 2 minutes.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how many times an instance's messages or an activity are handed out without a checkpoint
    /// or completion before they are treated as poison and failed. Default 10.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 10;

    /// <summary>Gets or sets how often expired locks are looked for. Default 1 second.</summary>
    public TimeSpan LockSweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
