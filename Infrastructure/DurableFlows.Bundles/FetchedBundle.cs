namespace DurableFlows.Bundles;

/// <summary>A bundle on local disk whose SHA-256 was verified, and the folder it was extracted to.</summary>
/// <param name="Sha256">The verified SHA-256.</param>
/// <param name="ZipPath">The cached zip.</param>
/// <param name="Directory">The folder holding the bundle's files.</param>
/// <param name="Downloaded">True when the bytes came from code storage in this call; false when the cache had them.</param>
public sealed record FetchedBundle(string Sha256, string ZipPath, string Directory, bool Downloaded);
