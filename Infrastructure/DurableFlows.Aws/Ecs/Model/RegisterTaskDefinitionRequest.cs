namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The input of ECS RegisterTaskDefinition.</summary>
public sealed record RegisterTaskDefinitionRequest
{
    /// <summary>The family; each registration adds a revision to it.</summary>
    public required string Family { get; init; }

    /// <summary>The containers (at least one).</summary>
    public required IReadOnlyList<ContainerDefinition> ContainerDefinitions { get; init; }

    /// <summary>Task-level CPU units, as a string.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task-level memory in MiB, as a string.</summary>
    public string? Memory { get; init; }

    /// <summary>awsvpc, bridge, host or none.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>The launch types asked for, e.g. FARGATE.</summary>
    public IReadOnlyList<string>? RequiresCompatibilities { get; init; }

    /// <summary>The role the containers assume.</summary>
    public string? TaskRoleArn { get; init; }

    /// <summary>The role the agent uses.</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>Tags on the task definition.</summary>
    public IReadOnlyList<EcsTag>? Tags { get; init; }
}
