namespace DurableFlows.Aws.Ecs.Model;

/// <summary>An ECS task, as RunTask, DescribeTasks and StopTask return it.</summary>
/// <remarks>Not sealed: <see cref="EcsTaskStateChangeDetail"/> is this shape plus the event's version.</remarks>
public record EcsTask
{
    /// <summary>The task's ARN.</summary>
    public string? TaskArn { get; init; }

    /// <summary>The cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>The ARN of the task definition (with revision) the task runs.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The container instance, for EC2 tasks.</summary>
    public string? ContainerInstanceArn { get; init; }

    /// <summary>The overrides the task was started with.</summary>
    public TaskOverride? Overrides { get; init; }

    /// <summary>PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING or STOPPED.</summary>
    public string? LastStatus { get; init; }

    /// <summary>RUNNING or STOPPED.</summary>
    public string? DesiredStatus { get; init; }

    /// <summary>HEALTHY, UNHEALTHY or UNKNOWN.</summary>
    public string? HealthStatus { get; init; }

    /// <summary>The task's CPU units, as a string (e.g. <c>"512"</c>).</summary>
    public string? Cpu { get; init; }

    /// <summary>The task's memory in MiB, as a string (e.g. <c>"1024"</c>).</summary>
    public string? Memory { get; init; }

    /// <summary>The task's containers; empty when the task failed before any container was created.</summary>
    public IReadOnlyList<EcsContainer>? Containers { get; init; }

    /// <summary>The tag RunTask was given in <c>startedBy</c>.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Increases with every change of the task; events carry the same number.</summary>
    public long? Version { get; init; }

    /// <summary>Why the task stopped, in words.</summary>
    public string? StoppedReason { get; init; }

    /// <summary>Why the task stopped, as a code; see <see cref="DurableFlows.Aws.Ecs.EcsStopCode"/>.</summary>
    public string? StopCode { get; init; }

    /// <summary>CONNECTED or DISCONNECTED.</summary>
    public string? Connectivity { get; init; }

    /// <summary>When the task got network connectivity.</summary>
    public DateTimeOffset? ConnectivityAt { get; init; }

    /// <summary>When the image pull started.</summary>
    public DateTimeOffset? PullStartedAt { get; init; }

    /// <summary>When the image pull finished.</summary>
    public DateTimeOffset? PullStoppedAt { get; init; }

    /// <summary>When the task's containers stopped running.</summary>
    public DateTimeOffset? ExecutionStoppedAt { get; init; }

    /// <summary>When the task was created (RunTask).</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the task reached RUNNING.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the task began to stop.</summary>
    public DateTimeOffset? StoppingAt { get; init; }

    /// <summary>When the task reached STOPPED.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>The task group (<c>family:NAME</c> unless RunTask named one).</summary>
    public string? Group { get; init; }

    /// <summary>FARGATE, EC2 or EXTERNAL.</summary>
    public string? LaunchType { get; init; }

    /// <summary>The capacity provider the task was placed on.</summary>
    public string? CapacityProviderName { get; init; }

    /// <summary>The Fargate platform version.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>The availability zone.</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>The task's tags (DescribeTasks returns them only with <c>include: ["TAGS"]</c>).</summary>
    public IReadOnlyList<EcsTag>? Tags { get; init; }

    /// <summary>Whether ECS Exec is on.</summary>
    public bool? EnableExecuteCommand { get; init; }
}
