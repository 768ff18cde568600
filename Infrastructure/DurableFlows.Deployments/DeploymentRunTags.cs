using DurableFlows.Sidecar;

namespace DurableFlows.Deployments;

/// <summary>Tags on a deployment run's child instance.</summary>
public static class DeploymentRunTags
{
    /// <summary>The parent instance the sidecar notifies when the child ends (the sidecar's tag).</summary>
    public const string NotifyInstance = SidecarMetadata.NotifyInstanceTag;

    /// <summary>The event name the sidecar raises on the parent.</summary>
    public const string NotifyEvent = SidecarMetadata.NotifyEventTag;

    /// <summary>The deployment the child runs, <c>Flow/deployment</c>.</summary>
    public const string Deployment = "durableflows.deployment";

    /// <summary>The code bundle's URI, when there is one.</summary>
    public const string Bundle = "durableflows.bundle";

    /// <summary>The SHA-256 of the bundle the run is pinned to, when there is one.</summary>
    public const string BundleSha256 = "durableflows.bundle.sha256";
}
