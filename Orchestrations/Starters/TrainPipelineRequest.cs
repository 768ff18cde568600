namespace DurableFlows.Orchestrations.Starters;

/// <summary>The body of <c>POST /api/pipelines/train</c>, passed to <c>Main Flow</c> as its input.</summary>
/// <param name="TaskSeconds">How long each task should work, in seconds (0 or more).</param>
/// <param name="Label">An optional label for the run.</param>
public sealed record TrainPipelineRequest(double TaskSeconds, string? Label);
