namespace DurableFlows.Deployments;

/// <summary>The per-run part of a RunTask call; the pool supplies the rest.</summary>
public sealed record EcsLaunchRequest
{
    /// <summary>Gets the idempotency token: the same token returns the same task instead of a second one.</summary>
    public required string ClientToken { get; init; }

    /// <summary>Gets the task's CPU units (task-level override).</summary>
    public required int Cpu { get; init; }

    /// <summary>Gets the task's memory in MiB (task-level override).</summary>
    public required int Memory { get; init; }

    /// <summary>Gets the runner container's environment overrides.</summary>
    public required IReadOnlyDictionary<string, string> Env { get; init; }

    /// <summary>Gets <c>startedBy</c> (at most 36 characters), by which a run's tasks are listed.</summary>
    public required string StartedBy { get; init; }

    /// <summary>Gets the task's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
