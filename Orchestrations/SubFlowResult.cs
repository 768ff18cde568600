namespace DurableFlows.Orchestrations;

/// <summary>What one sub-flow ran: its name and its tasks' results, in order.</summary>
/// <param name="Flow">The sub-flow's public name, such as <c>Sub Flow1</c>.</param>
/// <param name="Tasks">The tasks it ran, in order.</param>
public sealed record SubFlowResult(string Flow, IReadOnlyList<string> Tasks);
