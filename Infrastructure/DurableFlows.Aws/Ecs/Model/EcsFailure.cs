namespace DurableFlows.Aws.Ecs.Model;

/// <summary>
/// A per-item failure of a call that otherwise succeeded, e.g. RunTask's <c>RESOURCE:MEMORY</c>
/// or DescribeTasks' <c>MISSING</c>.
/// </summary>
public sealed record EcsFailure
{
    /// <summary>The resource the failure is about.</summary>
    public string? Arn { get; init; }

    /// <summary>The failure reason, e.g. <c>MISSING</c> or <c>RESOURCE:CPU</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>Details, when ECS gives them.</summary>
    public string? Detail { get; init; }
}
