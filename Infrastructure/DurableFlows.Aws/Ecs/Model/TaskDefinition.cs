namespace DurableFlows.Aws.Ecs.Model;

/// <summary>A registered task definition.</summary>
public sealed record TaskDefinition
{
    /// <summary>The ARN, ending in <c>family:revision</c>.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The family name.</summary>
    public string? Family { get; init; }

    /// <summary>The revision within the family, from 1.</summary>
    public int? Revision { get; init; }

    /// <summary>The containers.</summary>
    public IReadOnlyList<ContainerDefinition>? ContainerDefinitions { get; init; }

    /// <summary>Task-level CPU units, as a string.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task-level memory in MiB, as a string.</summary>
    public string? Memory { get; init; }

    /// <summary>awsvpc, bridge, host or none.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>The launch types asked for at registration.</summary>
    public IReadOnlyList<string>? RequiresCompatibilities { get; init; }

    /// <summary>The launch types the definition is valid for.</summary>
    public IReadOnlyList<string>? Compatibilities { get; init; }

    /// <summary>The role the containers assume.</summary>
    public string? TaskRoleArn { get; init; }

    /// <summary>The role the agent uses.</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>ACTIVE or INACTIVE.</summary>
    public string? Status { get; init; }

    /// <summary>When the revision was registered.</summary>
    public DateTimeOffset? RegisteredAt { get; init; }
}
