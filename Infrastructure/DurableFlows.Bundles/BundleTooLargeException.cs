namespace DurableFlows.Bundles;

/// <summary>A bundle is larger than the configured limit; it was refused before any upload.</summary>
public sealed class BundleTooLargeException : BundleException
{
    /// <summary>The classification of a bundle over the limit.</summary>
    public const string TooLarge = "BundleTooLarge";

    /// <summary>Creates the exception.</summary>
    public BundleTooLargeException(string message)
        : base(TooLarge, message)
    {
    }
}
