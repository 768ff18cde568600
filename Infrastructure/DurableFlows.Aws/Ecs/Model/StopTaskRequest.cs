namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The input of ECS StopTask.</summary>
public sealed record StopTaskRequest
{
    /// <summary>The cluster name or ARN; <c>default</c> when absent.</summary>
    public string? Cluster { get; init; }

    /// <summary>The task id or ARN.</summary>
    public required string Task { get; init; }

    /// <summary>Becomes the task's <c>stoppedReason</c>.</summary>
    public string? Reason { get; init; }
}
