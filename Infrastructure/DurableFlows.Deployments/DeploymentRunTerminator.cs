using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// Stops deployment runs: StopTask on their ECS tasks, then terminate their child instances, and the
/// same for the runs those children started, down the tree.
/// </summary>
public sealed class DeploymentRunTerminator(
    DeploymentRegistry registry, IEcsTaskLauncher launcher, DurableTaskClient client, ILogger<DeploymentRunTerminator> logger)
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <summary>
    /// Stops a run: its task <paramref name="taskArn"/> (or every task it started, when null), its child
    /// instance, and the runs below it.
    /// </summary>
    public async Task StopRunAsync(string deployment, string runId, string? taskArn, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(reason);
        var pool = registry.WorkPools[registry.Find(deployment).WorkPool];
        var tasks = taskArn is not null
            ? [taskArn]
            : await launcher.ListTasksAsync(pool, DeploymentRunNames.StartedBy(runId), cancellationToken);
        foreach (var task in tasks)
        {
            logger.StoppingTask(runId, task, reason);
            await launcher.StopTaskAsync(pool, task, Truncate(reason, 255), cancellationToken);
        }

        var child = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken);
        if (child is not null && Live.Contains(child.RuntimeStatus))
        {
            await client.TerminateInstanceAsync(runId, new TerminateInstanceOptions(Output: reason), cancellationToken);
        }

        await StopRunsOfAsync(runId, reason, cancellationToken);
    }

    /// <summary>
    /// Stops every live run started by <paramref name="parentInstanceId"/>, recursively. The host calls it
    /// when it terminates an instance; <see cref="OrphanedDeploymentRunSweeper"/> catches the rest.
    /// </summary>
    public async Task StopRunsOfAsync(string parentInstanceId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentInstanceId);
        var query = new OrchestrationQuery(Statuses: Live, InstanceIdPrefix: DeploymentRunIds.ChildPrefix(parentInstanceId));
        var children = new List<OrchestrationMetadata>();
        await foreach (var child in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            children.Add(child);
        }

        foreach (var child in children)
        {
            if (await RunOfAsync(child, cancellationToken) is { } run && run.Parent == parentInstanceId)
            {
                await StopRunAsync(run.Deployment, child.InstanceId, taskArn: null, reason, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Gets the deployment and parent of an instance that is a deployment run, from its tags (read again
    /// when a query left them out); null for any other instance.
    /// </summary>
    internal async Task<(string Deployment, string Parent)?> RunOfAsync(OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var tags = instance.Tags;
        if (!tags.ContainsKey(DeploymentRunTags.NotifyInstance))
        {
            tags = (await client.GetInstanceAsync(instance.InstanceId, getInputsAndOutputs: false, cancellationToken))?.Tags ?? tags;
        }

        return tags.TryGetValue(DeploymentRunTags.Deployment, out var deployment)
            && tags.TryGetValue(DeploymentRunTags.NotifyInstance, out var parent)
            && registry.DeploymentNames.Contains(deployment)
            ? (deployment, parent)
            : null;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
