namespace DurableFlows.Host.Progress;

/// <summary>One step of a flow: a task it ran or a sub-flow it started.</summary>
public abstract record ProgressStep;
