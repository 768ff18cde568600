namespace DurableFlows.Host.Progress;

/// <summary>A task (activity) a flow scheduled.</summary>
/// <param name="Name">The task's name.</param>
/// <param name="State">Where it stands.</param>
public sealed record TaskStep(string Name, ProgressState State) : ProgressStep;
