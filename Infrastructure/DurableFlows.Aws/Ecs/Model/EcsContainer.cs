namespace DurableFlows.Aws.Ecs.Model;

/// <summary>A container of a task, as DescribeTasks reports it.</summary>
public sealed record EcsContainer
{
    /// <summary>The container's ARN.</summary>
    public string? ContainerArn { get; init; }

    /// <summary>The ARN of the task the container belongs to.</summary>
    public string? TaskArn { get; init; }

    /// <summary>The container's name from the task definition.</summary>
    public string? Name { get; init; }

    /// <summary>The image the container was defined with.</summary>
    public string? Image { get; init; }

    /// <summary>The digest of the image that ran.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>The runtime's id of the container (the local process id in the emulator).</summary>
    public string? RuntimeId { get; init; }

    /// <summary>PENDING, RUNNING or STOPPED.</summary>
    public string? LastStatus { get; init; }

    /// <summary>The exit code; null while running and when the container never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why the container stopped, e.g. <c>OutOfMemoryError: Container killed due to memory usage</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>HEALTHY, UNHEALTHY or UNKNOWN.</summary>
    public string? HealthStatus { get; init; }

    /// <summary>CPU units of the container, as a string.</summary>
    public string? Cpu { get; init; }

    /// <summary>Hard memory limit of the container in MiB, as a string.</summary>
    public string? Memory { get; init; }

    /// <summary>Soft memory limit of the container in MiB, as a string.</summary>
    public string? MemoryReservation { get; init; }
}
