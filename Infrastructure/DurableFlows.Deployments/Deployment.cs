namespace DurableFlows.Deployments;

/// <summary>A deployment from <c>durableFlows.deployments</c>: a flow, the pool it runs in, and its overrides.</summary>
public sealed record Deployment
{
    /// <summary>Gets the full name, <c>Flow/deployment</c>, such as <c>Sub Flow1/sub-flow1-deployment</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the flow (orchestration) the deployment runs, the part before the slash.</summary>
    public string Flow => Name[..Name.LastIndexOf('/')];

    /// <summary>Gets the work pool's name.</summary>
    public required string WorkPool { get; init; }

    /// <summary>Gets the size and environment over the pool's defaults.</summary>
    public InfraOverrides? InfraOverrides { get; init; }

    /// <summary>Gets the code bundle's URI (such as <c>s3://prefect-subflow/...</c>), when the flow's code is not in the image.</summary>
    public string? Bundle { get; init; }

    /// <summary>Gets the bundle's SHA-256 (hex), which the runner checks after the download.</summary>
    public string? BundleSha256 { get; init; }
}
