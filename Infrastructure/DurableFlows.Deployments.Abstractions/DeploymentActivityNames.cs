namespace DurableFlows.Deployments;

/// <summary>The activities the host registers for deployment runs, by the names flows call them.</summary>
public static class DeploymentActivityNames
{
    /// <summary>Creates the child instance and starts its ECS task.</summary>
    public const string Start = "StartDeploymentRun";

    /// <summary>Stops a run's ECS task and terminates its child instance.</summary>
    public const string Stop = "StopDeploymentRun";

    /// <summary>Asks ECS whether a run's task is still alive.</summary>
    public const string Reconcile = "ReconcileDeploymentRun";
}
