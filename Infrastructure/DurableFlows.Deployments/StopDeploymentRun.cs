using Microsoft.DurableTask;

namespace DurableFlows.Deployments;

/// <summary>Stops a run's ECS task and terminates its child instance (a timeout, or ECS refusing the launch).</summary>
[DurableTask(DeploymentActivityNames.Stop)]
public sealed class StopDeploymentRun(DeploymentRunTerminator terminator) : TaskActivity<StopDeploymentRunRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, StopDeploymentRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await terminator.StopRunAsync(input.Deployment, input.RunId, input.TaskArn, input.Reason, CancellationToken.None);
        return true;
    }
}
