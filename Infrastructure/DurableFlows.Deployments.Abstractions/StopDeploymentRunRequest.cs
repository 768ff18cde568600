namespace DurableFlows.Deployments;

/// <summary>Input of the <see cref="DeploymentActivityNames.Stop"/> activity.</summary>
public sealed record StopDeploymentRunRequest
{
    /// <summary>Gets the deployment, <c>Flow/deployment</c>.</summary>
    public required string Deployment { get; init; }

    /// <summary>Gets the run id (the child instance id).</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the task to stop; null stops every task the run started.</summary>
    public string? TaskArn { get; init; }

    /// <summary>Gets the reason recorded on the task and the child.</summary>
    public required string Reason { get; init; }
}
