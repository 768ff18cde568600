namespace DurableFlows.Deployments;

/// <summary>
/// How RunTask is retried when ECS answers with a <c>RESOURCE:*</c> failure (no capacity for the task
/// right now). The waits are durable timers, so a host restart does not reset them.
/// </summary>
public sealed record DeploymentCapacityRetryPolicy
{
    /// <summary>Gets how many RunTask calls are made in all before the run fails.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Gets the wait before the second call; each later wait doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the longest wait between two calls.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the wait after the <paramref name="failedCalls"/>-th failed call.</summary>
    public TimeSpan DelayAfter(int failedCalls)
    {
        var delay = FirstDelay;
        for (var i = 1; i < failedCalls && delay < MaxDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }
}
