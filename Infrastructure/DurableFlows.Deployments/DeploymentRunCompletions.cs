using Microsoft.DurableTask.Client;

namespace DurableFlows.Deployments;

/// <summary>Builds completion events the same way the sidecar's notification does.</summary>
public static class DeploymentRunCompletions
{
    /// <summary>Whether an instance has reached a state it will not leave.</summary>
    public static bool IsFinal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>The completion of a child in a final state; null while it is not final.</summary>
    public static DeploymentRunCompletion? FromChild(OrchestrationMetadata child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (!IsFinal(child.RuntimeStatus))
        {
            return null;
        }

        return new DeploymentRunCompletion
        {
            InstanceId = child.InstanceId,
            RuntimeStatus = child.RuntimeStatus.ToString(),
            Output = child.SerializedOutput,
            FailureDetails = child.FailureDetails is { } failure
                ? new DeploymentRunChildFailure { ErrorType = failure.ErrorType, ErrorMessage = failure.ErrorMessage, StackTrace = failure.StackTrace }
                : null,
        };
    }

    /// <summary>The completion that reports a crash.</summary>
    public static DeploymentRunCompletion FromCrash(string runId, DeploymentRunCrash crash) => new()
    {
        InstanceId = runId,
        RuntimeStatus = DeploymentRunCompletion.Crashed,
        Crash = crash,
    };
}
