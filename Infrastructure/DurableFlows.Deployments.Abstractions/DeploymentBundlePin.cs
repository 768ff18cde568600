namespace DurableFlows.Deployments;

/// <summary>
/// The code bundle a deployment run is pinned to: chosen once, when the run first starts, and kept by
/// every later start of the same run (capacity and crash retries), so a deploy in the middle of a run
/// never mixes old and new code inside it.
/// </summary>
/// <param name="Uri">Where the bundle is, such as <c>s3://prefect-subflow/flows/bundles/sha256/&lt;hash&gt;.zip</c>.</param>
/// <param name="Sha256">The bundle's SHA-256 (64 lowercase hex digits), which the runner verifies before it loads anything.</param>
public sealed record DeploymentBundlePin(string Uri, string Sha256);
