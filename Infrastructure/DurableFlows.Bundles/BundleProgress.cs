namespace DurableFlows.Bundles;

/// <summary>One step of building or deploying a bundle, for a progress display.</summary>
/// <param name="Stage">The step.</param>
/// <param name="Detail">What the step works on: a project path, a bundle hash, a deployment name.</param>
/// <param name="BytesDone">Bytes sent so far while <see cref="BundleStage.Uploading"/>; otherwise 0.</param>
/// <param name="BytesTotal">The bundle's size once it is known; otherwise 0.</param>
public sealed record BundleProgress(BundleStage Stage, string Detail, long BytesDone = 0, long BytesTotal = 0);
