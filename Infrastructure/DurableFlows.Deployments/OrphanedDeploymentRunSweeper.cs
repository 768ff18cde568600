using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// Stops deployment runs whose parent is gone or final: terminated or cancelled through any API, purged,
/// or failed while the run was in flight. Running on a timer makes the cascade survive host restarts and
/// reach every level: a child it terminates becomes a final parent on the next sweep.
/// </summary>
public sealed class OrphanedDeploymentRunSweeper(
    DeploymentRunTerminator terminator, DurableTaskClient client, TimeProvider timeProvider, ILogger<OrphanedDeploymentRunSweeper> logger)
    : BackgroundService
{
    /// <summary>Gets the time between sweeps.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Sweeps once; returns the run ids it stopped.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken)
    {
        var live = new List<OrchestrationMetadata>();
        var query = new OrchestrationQuery(Statuses:
            [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended]);
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.InstanceId.Contains("-run-", StringComparison.Ordinal))
            {
                live.Add(instance);
            }
        }

        var stopped = new List<string>();
        foreach (var instance in live)
        {
            if (await terminator.RunOfAsync(instance, cancellationToken) is not { } run)
            {
                continue;
            }

            var parent = await client.GetInstanceAsync(run.Parent, getInputsAndOutputs: false, cancellationToken);
            if (parent is not null && !DeploymentRunCompletions.IsFinal(parent.RuntimeStatus))
            {
                continue;
            }

            var parentStatus = parent?.RuntimeStatus.ToString() ?? "gone";
            logger.CascadingTermination(instance.InstanceId, run.Parent, parentStatus);
            await terminator.StopRunAsync(run.Deployment, instance.InstanceId, taskArn: null, $"parent {run.Parent} is {parentStatus}", cancellationToken);
            stopped.Add(instance.InstanceId);
        }

        return stopped;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.SweepFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
