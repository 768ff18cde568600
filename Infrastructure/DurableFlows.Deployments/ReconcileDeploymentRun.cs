using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// Asks ECS about a run's task, for when a task state change event was lost. Returns null while the task
/// lives; the child's completion when the task stopped after the child ended; a crash when it stopped first.
/// </summary>
[DurableTask(DeploymentActivityNames.Reconcile)]
public sealed class ReconcileDeploymentRun(
    DeploymentRegistry registry, IEcsTaskLauncher launcher, DurableTaskClient client, ILogger<ReconcileDeploymentRun> logger)
    : TaskActivity<ReconcileDeploymentRunRequest, DeploymentRunCompletion?>
{
    /// <inheritdoc />
    public override async Task<DeploymentRunCompletion?> RunAsync(TaskActivityContext context, ReconcileDeploymentRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pool = registry.WorkPools[registry.Find(input.Deployment).WorkPool];
        var tasks = await launcher.DescribeTasksAsync(pool, [input.TaskArn], CancellationToken.None);
        var task = tasks.FirstOrDefault(t => t.TaskArn == input.TaskArn);
        if (task is { IsStopped: false })
        {
            return null;
        }

        var child = await client.GetInstanceAsync(input.RunId, getInputsAndOutputs: true);
        if (child is not null && DeploymentRunCompletions.FromChild(child) is { } finished)
        {
            return finished;
        }

        var crash = task is null
            ? new DeploymentRunCrash { TaskArn = input.TaskArn, Kind = DeploymentCrashKind.Unknown, StoppedReason = "DescribeTasks no longer knows the task (MISSING)" }
            : DeploymentCrashClassifier.Classify(task, pool.ContainerName);
        logger.Crashed(input.RunId, crash.Describe());
        return DeploymentRunCompletions.FromCrash(input.RunId, crash);
    }
}
