namespace DurableFlows.Host.Progress;

/// <summary>A flow instance and its steps, in the order it took them.</summary>
/// <param name="Name">The flow's name.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Steps">Its tasks and sub-flows.</param>
public sealed record FlowNode(string Name, string InstanceId, ProgressState State, IReadOnlyList<ProgressStep> Steps);
