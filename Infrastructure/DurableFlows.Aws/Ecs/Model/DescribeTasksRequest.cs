namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The input of ECS DescribeTasks.</summary>
public sealed record DescribeTasksRequest
{
    /// <summary>The cluster name or ARN; <c>default</c> when absent.</summary>
    public string? Cluster { get; init; }

    /// <summary>Task ids or ARNs (at most 100).</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary><c>TAGS</c> to have the tasks' tags returned.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}
