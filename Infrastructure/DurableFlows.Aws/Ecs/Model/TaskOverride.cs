namespace DurableFlows.Aws.Ecs.Model;

/// <summary>Overrides of a RunTask call: task size, roles and per-container settings.</summary>
public sealed record TaskOverride
{
    /// <summary>Per-container overrides.</summary>
    public IReadOnlyList<ContainerOverride>? ContainerOverrides { get; init; }

    /// <summary>Task-level CPU units, as a string (ECS's wire type), e.g. <c>"512"</c>.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task-level memory in MiB, as a string (ECS's wire type), e.g. <c>"1024"</c>.</summary>
    public string? Memory { get; init; }

    /// <summary>The IAM role the task's containers assume.</summary>
    public string? TaskRoleArn { get; init; }

    /// <summary>The IAM role the ECS agent uses to pull images and write logs.</summary>
    public string? ExecutionRoleArn { get; init; }
}
