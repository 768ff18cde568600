namespace DurableFlows.Bundles;

/// <summary>
/// Code storage refused or failed a request: wrong credentials, a missing bucket, no access. The
/// <see cref="Classification"/> is the stable name a CLI or a run failure reports (for S3 it is S3's
/// error code, such as <c>InvalidAccessKeyId</c>, <c>SignatureDoesNotMatch</c> or <c>NoSuchBucket</c>).
/// </summary>
public sealed class CodeStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CodeStorageException(string classification, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Classification = classification;
    }

    /// <summary>Creates the exception.</summary>
    public CodeStorageException()
    {
        Classification = "CodeStorageError";
    }

    /// <summary>Creates the exception.</summary>
    public CodeStorageException(string message)
        : base(message)
    {
        Classification = "CodeStorageError";
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CodeStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Classification = "CodeStorageError";
    }

    /// <summary>Gets the stable name of the failure.</summary>
    public string Classification { get; }
}
