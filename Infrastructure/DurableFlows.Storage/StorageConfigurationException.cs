namespace DurableFlows.Storage;

/// <summary>A storage provider setting in host.json is missing or malformed.</summary>
public sealed class StorageConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public StorageConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StorageConfigurationException()
    {
    }
}
