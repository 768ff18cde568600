namespace DurableFlows.Deployments;

/// <summary>Tags on a deployment run's child instance.</summary>
public static class DeploymentRunTags
{
    /// <summary>The parent instance the sidecar notifies when the child ends.</summary>
    public const string NotifyInstance = "durableflows.notify.instance";

    /// <summary>The event name the sidecar raises on the parent.</summary>
    public const string NotifyEvent = "durableflows.notify.event";

    /// <summary>The deployment the child runs, <c>Flow/deployment</c>.</summary>
    public const string Deployment = "durableflows.deployment";

    /// <summary>The code bundle's URI, when there is one.</summary>
    public const string Bundle = "durableflows.bundle";
}
