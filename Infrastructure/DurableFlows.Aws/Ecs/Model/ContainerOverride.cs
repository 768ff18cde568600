namespace DurableFlows.Aws.Ecs.Model;

/// <summary>Per-container overrides of a RunTask call.</summary>
public sealed record ContainerOverride
{
    /// <summary>The container (from the task definition) the override applies to.</summary>
    public string? Name { get; init; }

    /// <summary>Replaces the container's command.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Variables added to (or replacing) the container's environment.</summary>
    public IReadOnlyList<EcsKeyValuePair>? Environment { get; init; }

    /// <summary>CPU units for the container (1024 units = one vCPU).</summary>
    public int? Cpu { get; init; }

    /// <summary>Hard memory limit of the container, in MiB.</summary>
    public int? Memory { get; init; }

    /// <summary>Soft memory limit of the container, in MiB.</summary>
    public int? MemoryReservation { get; init; }
}
