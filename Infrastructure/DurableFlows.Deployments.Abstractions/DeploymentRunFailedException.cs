using Microsoft.DurableTask;

namespace DurableFlows.Deployments;

/// <summary>
/// A deployment run ended without an output: the child flow failed or was terminated, its task crashed,
/// ECS would not start it, or it timed out. <see cref="Cause"/> says which.
/// </summary>
public sealed class DeploymentRunFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DeploymentRunFailedException"/> class.</summary>
    public DeploymentRunFailedException(
        string deployment, string runId, DeploymentRunFailureCause cause, string message,
        TaskFailureDetails? childFailure = null, DeploymentRunCrash? crash = null)
        : base(message)
    {
        Deployment = deployment;
        RunId = runId;
        Cause = cause;
        ChildFailure = childFailure;
        Crash = crash;
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentRunFailedException"/> class.</summary>
    public DeploymentRunFailedException()
        : this("(unknown)", "(unknown)", DeploymentRunFailureCause.LaunchFailed, "A deployment run failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentRunFailedException"/> class.</summary>
    public DeploymentRunFailedException(string message)
        : this("(unknown)", "(unknown)", DeploymentRunFailureCause.LaunchFailed, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentRunFailedException"/> class.</summary>
    public DeploymentRunFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Deployment = "(unknown)";
        RunId = "(unknown)";
        Cause = DeploymentRunFailureCause.LaunchFailed;
    }

    /// <summary>Gets the deployment, such as <c>Sub Flow1/sub-flow1-deployment</c>.</summary>
    public string Deployment { get; }

    /// <summary>Gets the run id, which is also the child instance's id.</summary>
    public string RunId { get; }

    /// <summary>Gets why the run failed.</summary>
    public DeploymentRunFailureCause Cause { get; }

    /// <summary>Gets the child flow's own failure, when <see cref="Cause"/> is <see cref="DeploymentRunFailureCause.ChildFailed"/>.</summary>
    public TaskFailureDetails? ChildFailure { get; }

    /// <summary>Gets the last crash, when <see cref="Cause"/> is <see cref="DeploymentRunFailureCause.Crashed"/>.</summary>
    public DeploymentRunCrash? Crash { get; }
}
