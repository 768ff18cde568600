namespace DurableFlows.Bundles;

/// <summary>
/// A code bundle could not be used. <see cref="Classification"/> is the stable failure name a run
/// reports (<c>BundleHashMismatch</c>, <c>BundleMissing</c>, <c>BundleTooLarge</c>...).
/// </summary>
public abstract class BundleException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected BundleException(string classification, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Classification = classification;
    }

    /// <summary>Gets the stable name of the failure.</summary>
    public string Classification { get; }
}
