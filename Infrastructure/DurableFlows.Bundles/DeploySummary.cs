namespace DurableFlows.Bundles;

/// <summary>What a deploy did, for the CLI's summary table.</summary>
/// <param name="Bundle">The bundle that was deployed.</param>
/// <param name="BundleUri">Where the bundle is in code storage.</param>
/// <param name="Uploaded">True when bytes were sent; false when the bundle was stored already.</param>
/// <param name="Rows">One row per deployment.</param>
public sealed record DeploySummary(CodeBundle Bundle, string BundleUri, bool Uploaded, IReadOnlyList<DeploySummaryRow> Rows);
