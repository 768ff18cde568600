namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The input of ECS DescribeTaskDefinition.</summary>
public sealed record DescribeTaskDefinitionRequest
{
    /// <summary><c>family</c> (latest ACTIVE revision), <c>family:revision</c> or the full ARN.</summary>
    public required string TaskDefinition { get; init; }

    /// <summary><c>TAGS</c> to have the tags returned.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}
