namespace DurableFlows.Bundles;

/// <summary>
/// A bundle's bytes do not match the SHA-256 or size it is named by: the object was tampered with, or
/// damaged in storage or in transit. Its code is never loaded.
/// </summary>
public sealed class BundleIntegrityException : BundleException
{
    /// <summary>The classification of a bundle whose SHA-256 differs from its name.</summary>
    public const string HashMismatch = "BundleHashMismatch";

    /// <summary>The classification of an uploaded object whose size or checksum differs from the local bundle.</summary>
    public const string UploadMismatch = "BundleUploadMismatch";

    /// <summary>Creates the exception.</summary>
    public BundleIntegrityException(string classification, string message)
        : base(classification, message)
    {
    }
}
