namespace DurableFlows.Bundles;

/// <summary>What code storage knows about a stored object.</summary>
/// <param name="Key">The object's key, relative to the storage prefix.</param>
/// <param name="Size">The object's size in bytes.</param>
/// <param name="Sha256">The SHA-256 recorded when the object was written, or null when none was recorded.</param>
public sealed record StoredObject(string Key, long Size, string? Sha256);
