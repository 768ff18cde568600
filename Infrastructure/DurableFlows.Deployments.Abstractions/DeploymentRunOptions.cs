namespace DurableFlows.Deployments;

/// <summary>Options of one <c>RunDeploymentAsync</c> call.</summary>
public sealed record DeploymentRunOptions
{
    /// <summary>Gets per-run overrides over the deployment's (Prefect's <c>job_variables</c>).</summary>
    public InfraOverrides? Overrides { get; init; }

    /// <summary>
    /// Gets how long the whole run may take, retries included. When it passes, the task is stopped, the
    /// child instance terminated, and <see cref="DeploymentRunFailedException"/> is thrown with
    /// <see cref="DeploymentRunFailureCause.TimedOut"/>. Null waits without limit.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets what to do when the task crashes. Null does not retry.</summary>
    public DeploymentCrashRetryPolicy? CrashRetry { get; init; }

    /// <summary>Gets how RunTask capacity shortages are retried. Null uses the defaults.</summary>
    public DeploymentCapacityRetryPolicy? CapacityRetry { get; init; }

    /// <summary>
    /// Gets how often the parent asks ECS for the task's state while it waits, in case a task state
    /// change event was lost. Null checks every minute.
    /// </summary>
    public TimeSpan? ReconciliationInterval { get; init; }
}
