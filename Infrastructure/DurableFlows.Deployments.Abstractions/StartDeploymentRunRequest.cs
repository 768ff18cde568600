namespace DurableFlows.Deployments;

/// <summary>Input of the <see cref="DeploymentActivityNames.Start"/> activity.</summary>
public sealed record StartDeploymentRunRequest
{
    /// <summary>Gets the deployment, <c>Flow/deployment</c>.</summary>
    public required string Deployment { get; init; }

    /// <summary>Gets the run id (the child instance id).</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the parent instance id, which the completion event goes to.</summary>
    public required string ParentInstanceId { get; init; }

    /// <summary>Gets the parent's orchestration time when it asked; a child created before it belongs to an earlier execution.</summary>
    public DateTime RequestedAt { get; init; }

    /// <summary>Gets the child flow's input.</summary>
    public object? Input { get; init; }

    /// <summary>Gets the run's overrides over the deployment's.</summary>
    public InfraOverrides? Overrides { get; init; }

    /// <summary>Gets the crash attempt, from 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Gets the RunTask call within the attempt, from 1; capacity retries count up.</summary>
    public int Launch { get; init; } = 1;

    /// <summary>
    /// Gets the bundle an earlier start of this run pinned, which every later start reuses; null on the
    /// first start, when the activity pins the bundle the deployment points to at that moment.
    /// </summary>
    public DeploymentBundlePin? Bundle { get; init; }
}
