namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The output of ECS RegisterTaskDefinition.</summary>
public sealed record RegisterTaskDefinitionResponse
{
    /// <summary>The new revision.</summary>
    public TaskDefinition? TaskDefinition { get; init; }

    /// <summary>The tags given at registration.</summary>
    public IReadOnlyList<EcsTag>? Tags { get; init; }
}
