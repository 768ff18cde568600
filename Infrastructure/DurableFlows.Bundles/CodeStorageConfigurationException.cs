namespace DurableFlows.Bundles;

/// <summary>The <c>durableFlows.storage</c> section of host.json is missing a setting or holds a bad value.</summary>
public sealed class CodeStorageConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CodeStorageConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CodeStorageConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CodeStorageConfigurationException()
    {
    }
}
