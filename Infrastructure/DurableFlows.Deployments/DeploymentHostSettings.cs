namespace DurableFlows.Deployments;

/// <summary>What the host tells deployment runs about itself.</summary>
public sealed record DeploymentHostSettings
{
    /// <summary>
    /// Gets the sidecar's address as a task sees it: the host's loopback address for the local emulator,
    /// an address inside the VPC (or behind a load balancer) for ECS.
    /// </summary>
    public required Uri SidecarAddress { get; init; }
}
