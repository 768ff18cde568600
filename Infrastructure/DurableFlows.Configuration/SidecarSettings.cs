namespace DurableFlows.Configuration;

/// <summary>The <c>durableFlows.sidecar</c> section: where the gRPC sidecar listens and workers connect.</summary>
/// <param name="Address">The sidecar's address.</param>
public sealed record SidecarSettings(Uri Address)
{
    /// <summary>The default address.</summary>
    public const string DefaultAddress = "http://127.0.0.1:4001";
}
