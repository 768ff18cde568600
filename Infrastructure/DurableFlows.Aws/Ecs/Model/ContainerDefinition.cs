namespace DurableFlows.Aws.Ecs.Model;

/// <summary>A container of a task definition (the fields this project uses).</summary>
public sealed record ContainerDefinition
{
    /// <summary>The container's name, unique in the task definition.</summary>
    public string? Name { get; init; }

    /// <summary>The image; the local emulator records it and never pulls it.</summary>
    public string? Image { get; init; }

    /// <summary>The command (the emulator runs it as a local process).</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The entry point, put before the command.</summary>
    public IReadOnlyList<string>? EntryPoint { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyList<EcsKeyValuePair>? Environment { get; init; }

    /// <summary>CPU units reserved for the container.</summary>
    public int? Cpu { get; init; }

    /// <summary>Hard memory limit in MiB.</summary>
    public int? Memory { get; init; }

    /// <summary>Soft memory limit in MiB.</summary>
    public int? MemoryReservation { get; init; }

    /// <summary>Whether the task stops when this container exits (ECS's default is true).</summary>
    public bool? Essential { get; init; }

    /// <summary>The working directory of the command.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Seconds between SIGTERM and SIGKILL when the task stops (ECS's default is 30).</summary>
    public int? StopTimeout { get; init; }
}
