namespace DurableFlows.Deployments;

/// <summary>
/// What a deployment run does when its ECS task stops before the child flow finishes. A retry starts a
/// new task for the same child instance, which resumes from its history.
/// </summary>
public sealed record DeploymentCrashRetryPolicy
{
    /// <summary>Gets how many tasks may be started in all, the first included. 1 means no retry.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>
    /// Gets overrides laid over the run's own from the second attempt on, for example a larger memory
    /// after an out-of-memory crash.
    /// </summary>
    public InfraOverrides? RetryOverrides { get; init; }

    /// <summary>
    /// Gets MiB added to the memory the crashed task had, on each retry after an out-of-memory crash.
    /// The result must still be a valid size for the task's CPU.
    /// </summary>
    public int? MemoryIncrementMiB { get; init; }

    /// <summary>
    /// Gets the crash kinds that are retried. Null retries every kind except
    /// <see cref="DeploymentCrashKind.UserInitiated"/>: a task someone stopped stays stopped.
    /// </summary>
    public IReadOnlyCollection<DeploymentCrashKind>? RetryOn { get; init; }

    /// <summary>Whether a crash of that kind is retried (attempts aside).</summary>
    public bool Retries(DeploymentCrashKind kind) =>
        RetryOn?.Contains(kind) ?? kind != DeploymentCrashKind.UserInitiated;
}
