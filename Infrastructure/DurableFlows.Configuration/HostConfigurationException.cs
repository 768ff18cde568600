namespace DurableFlows.Configuration;

/// <summary>
/// A host.json value, environment variable or command-line override that cannot be used. The message names
/// where the value came from, the key, the value and what is allowed; start-up stops rather than fall back
/// to a default the user did not ask for.
/// </summary>
public sealed class HostConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HostConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message a user can act on.</summary>
    public HostConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public HostConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
