namespace DurableFlows.Host;

/// <summary>
/// The runner refused the code bundle its run names (missing, hash mismatch, storage unreachable); the
/// message starts with the classification, such as <c>BundleHashMismatch:</c>.
/// </summary>
public sealed class BundleRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BundleRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BundleRefusedException()
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public BundleRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
