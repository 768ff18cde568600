namespace DurableFlows.Deployments;

/// <summary>Why a deployment run did not return an output.</summary>
public enum DeploymentRunFailureCause
{
    /// <summary>The child flow failed; <see cref="DeploymentRunFailedException.ChildFailure"/> says how.</summary>
    ChildFailed,

    /// <summary>The child instance was terminated.</summary>
    ChildTerminated,

    /// <summary>The ECS task stopped before the child finished; <see cref="DeploymentRunFailedException.Crash"/> says how.</summary>
    Crashed,

    /// <summary>ECS refused to start the task (a RunTask failure or error).</summary>
    LaunchFailed,

    /// <summary>The run's timeout passed; the task was stopped and the child terminated.</summary>
    TimedOut,
}
