namespace DurableFlows.Deployments;

/// <summary>Input of the <see cref="DeploymentActivityNames.Reconcile"/> activity.</summary>
public sealed record ReconcileDeploymentRunRequest
{
    /// <summary>Gets the deployment, <c>Flow/deployment</c>.</summary>
    public required string Deployment { get; init; }

    /// <summary>Gets the run id (the child instance id).</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the task the parent waits on.</summary>
    public required string TaskArn { get; init; }
}
