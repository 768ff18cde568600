namespace DurableFlows.Bundles;

/// <summary>An orchestrator or activity class found in a bundle, with the name flows call it by.</summary>
/// <param name="Name">The name from <c>[DurableTask("...")]</c>, or the class name without one.</param>
/// <param name="Kind">Orchestrator or activity.</param>
/// <param name="Type">The class, loaded in the bundle's load context.</param>
public sealed record FlowTaskType(string Name, FlowTaskKind Kind, Type Type);
