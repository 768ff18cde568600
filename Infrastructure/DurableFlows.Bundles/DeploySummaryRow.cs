namespace DurableFlows.Bundles;

/// <summary>One row of a deploy's summary table.</summary>
/// <param name="Deployment">The deployment's name.</param>
/// <param name="Flow">The flow it runs.</param>
/// <param name="BundleSha256">The bundle it points to now.</param>
/// <param name="BundleSize">The bundle's size in bytes.</param>
/// <param name="Uploaded">True when this deploy sent the bundle's bytes; false when storage held them already.</param>
public sealed record DeploySummaryRow(string Deployment, string Flow, string BundleSha256, long BundleSize, bool Uploaded);
