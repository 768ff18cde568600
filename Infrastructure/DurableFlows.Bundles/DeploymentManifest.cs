namespace DurableFlows.Bundles;

/// <summary>
/// The record under <c>deployments/&lt;name&gt;.json</c> of which bundle a deployment points to now.
/// A run reads it once when it starts and keeps the hash, so a later deploy never changes a running run's code.
/// </summary>
/// <param name="Deployment">The deployment's name, such as <c>sub-flow1-deployment</c>.</param>
/// <param name="Flow">The flow it runs, such as <c>Sub Flow1</c>.</param>
/// <param name="BundleSha256">The bundle's SHA-256.</param>
/// <param name="BundleSize">The bundle's size in bytes.</param>
/// <param name="BundleUri">Where the bundle is, such as <c>s3://prefect-subflow/bundles/sha256/&lt;hash&gt;.zip</c>.</param>
/// <param name="DeployedAt">When the deployment was pointed at this bundle.</param>
public sealed record DeploymentManifest(string Deployment, string Flow, string BundleSha256, long BundleSize, string BundleUri, DateTimeOffset DeployedAt);
