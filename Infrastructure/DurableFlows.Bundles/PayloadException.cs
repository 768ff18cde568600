namespace DurableFlows.Bundles;

/// <summary>
/// A payload reference could not be resolved. <see cref="Classification"/> is <c>PayloadMissing</c>,
/// <c>PayloadHashMismatch</c> or <c>PayloadReferenceInvalid</c>.
/// </summary>
public sealed class PayloadException : Exception
{
    /// <summary>The payload object is not in storage (purged, or never written).</summary>
    public const string Missing = "PayloadMissing";

    /// <summary>The payload object's bytes do not hash to the reference's SHA-256.</summary>
    public const string HashMismatch = "PayloadHashMismatch";

    /// <summary>The reference is malformed or points into another store.</summary>
    public const string ReferenceInvalid = "PayloadReferenceInvalid";

    /// <summary>Creates the exception.</summary>
    public PayloadException(string classification, string message)
        : base(message)
    {
        Classification = classification;
    }

    /// <summary>Creates the exception.</summary>
    public PayloadException()
    {
        Classification = ReferenceInvalid;
    }

    /// <summary>Creates the exception.</summary>
    public PayloadException(string message)
        : base(message)
    {
        Classification = ReferenceInvalid;
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Classification = ReferenceInvalid;
    }

    /// <summary>Gets the stable name of the failure.</summary>
    public string Classification { get; }
}
