namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The input of ECS RunTask.</summary>
public sealed record RunTaskRequest
{
    /// <summary>The cluster name or ARN; ECS uses <c>default</c> when it is absent.</summary>
    public string? Cluster { get; init; }

    /// <summary><c>family</c>, <c>family:revision</c> or the task definition's full ARN.</summary>
    public required string TaskDefinition { get; init; }

    /// <summary>How many tasks to start (1 to 10).</summary>
    public int? Count { get; init; }

    /// <summary>FARGATE, EC2 or EXTERNAL; excludes <see cref="CapacityProviderStrategy"/>.</summary>
    public string? LaunchType { get; init; }

    /// <summary>Where to place the task; excludes <see cref="LaunchType"/>.</summary>
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    /// <summary>The VPC settings of an <c>awsvpc</c> task.</summary>
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>Task size, roles and container overrides.</summary>
    public TaskOverride? Overrides { get; init; }

    /// <summary>A free tag (up to 128 characters) that ListTasks can filter on.</summary>
    public string? StartedBy { get; init; }

    /// <summary>The task group.</summary>
    public string? Group { get; init; }

    /// <summary>Tags put on the task.</summary>
    public IReadOnlyList<EcsTag>? Tags { get; init; }

    /// <summary>
    /// Idempotency token (up to 64 characters): a repeated call with the same token and the same
    /// parameters returns the task of the first call instead of starting another.
    /// </summary>
    public string? ClientToken { get; init; }

    /// <summary>The Fargate platform version, e.g. <c>LATEST</c>.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>TASK_DEFINITION, SERVICE or NONE.</summary>
    public string? PropagateTags { get; init; }

    /// <summary>Whether ECS adds its managed tags.</summary>
    public bool? EnableEcsManagedTags { get; init; }

    /// <summary>Whether ECS Exec is on.</summary>
    public bool? EnableExecuteCommand { get; init; }
}
