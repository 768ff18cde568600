namespace DurableFlows.Deployments;

/// <summary>The answer to a RunTask call: the task, or ECS's <c>failures[]</c>.</summary>
/// <param name="TaskArn">The started task, or null when ECS started none.</param>
/// <param name="Failures">ECS's failures, each a reason such as <c>RESOURCE:MEMORY</c> and its detail.</param>
public sealed record EcsLaunchResult(string? TaskArn, IReadOnlyList<EcsFailure> Failures);
