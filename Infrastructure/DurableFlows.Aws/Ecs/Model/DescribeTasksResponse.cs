namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The output of ECS DescribeTasks.</summary>
public sealed record DescribeTasksResponse
{
    /// <summary>The tasks found.</summary>
    public IReadOnlyList<EcsTask> Tasks { get; init; } = [];

    /// <summary>Tasks not found (<c>MISSING</c>).</summary>
    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}
