namespace DurableFlows.Deployments;

/// <summary>
/// The <c>durableFlows</c> configuration, or a run's overrides, cannot launch a deployment: an unknown
/// deployment or work pool, or a CPU and memory pair the platform does not offer. The message names the
/// bad value and the valid choices.
/// </summary>
public sealed class DeploymentConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DeploymentConfigurationException"/> class.</summary>
    public DeploymentConfigurationException()
        : base("The deployment configuration is invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentConfigurationException"/> class.</summary>
    public DeploymentConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentConfigurationException"/> class.</summary>
    public DeploymentConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
