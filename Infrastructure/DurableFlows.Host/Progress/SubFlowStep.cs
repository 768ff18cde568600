namespace DurableFlows.Host.Progress;

/// <summary>A sub-flow a flow started, with its own steps.</summary>
/// <param name="Flow">The sub-flow.</param>
public sealed record SubFlowStep(FlowNode Flow) : ProgressStep;
