namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The output of ECS DescribeTaskDefinition.</summary>
public sealed record DescribeTaskDefinitionResponse
{
    /// <summary>The task definition.</summary>
    public TaskDefinition? TaskDefinition { get; init; }

    /// <summary>Its tags, when asked for with <c>include: ["TAGS"]</c>.</summary>
    public IReadOnlyList<EcsTag>? Tags { get; init; }
}
