namespace DurableFlows.Deployments;

/// <summary>What <see cref="DeploymentActivityNames.Start"/> achieved.</summary>
public enum StartDeploymentRunOutcome
{
    /// <summary>The task runs (or ran); its ARN is in the result.</summary>
    Launched,

    /// <summary>ECS had no capacity (<c>RESOURCE:*</c>); try again later.</summary>
    CapacityShortage,

    /// <summary>ECS refused the task for another reason.</summary>
    LaunchFailed,

    /// <summary>The deployment is unknown or its size invalid; nothing was started.</summary>
    Rejected,
}
