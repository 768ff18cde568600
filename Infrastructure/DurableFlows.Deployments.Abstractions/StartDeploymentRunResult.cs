namespace DurableFlows.Deployments;

/// <summary>Output of the <see cref="DeploymentActivityNames.Start"/> activity.</summary>
public sealed record StartDeploymentRunResult
{
    /// <summary>Gets what happened.</summary>
    public StartDeploymentRunOutcome Outcome { get; init; }

    /// <summary>Gets the started task's ARN.</summary>
    public string? TaskArn { get; init; }

    /// <summary>Gets the CPU units the task was given.</summary>
    public int Cpu { get; init; }

    /// <summary>Gets the memory in MiB the task was given.</summary>
    public int Memory { get; init; }

    /// <summary>Gets why nothing was started, for the outcomes other than <see cref="StartDeploymentRunOutcome.Launched"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the code bundle the run is pinned to; null when its flow's code is in the runner's image.</summary>
    public DeploymentBundlePin? Bundle { get; init; }
}
