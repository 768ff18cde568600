namespace DurableFlows.Host.Progress;

/// <summary>Where a flow or task of a run stands.</summary>
public enum ProgressState
{
    /// <summary>Created, not started yet.</summary>
    Pending,

    /// <summary>Started and not finished.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Done,

    /// <summary>Failed or terminated.</summary>
    Failed,
}
