using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// Turns "ECS Task State Change" events into crash events: when a deployment run's task is STOPPED and its
/// child instance is not final, the parent gets <c>DeploymentRunCompleted:{id}</c> with the classified crash.
/// Events are deduplicated by <c>detail.version</c> per task; a message is acknowledged only once handled,
/// so one that fails (the store is down) comes back.
/// </summary>
public sealed class TaskStateChangeListener(
    IEnumerable<ITaskStateChangeSource> sources,
    DurableTaskClient client,
    TaskStateChangeDeduplicator deduplicator,
    TimeProvider timeProvider,
    ILogger<TaskStateChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Handles one event. Returns the crash it reported to a parent, or null when there was nothing to report.</summary>
    public async Task<DeploymentRunCrash?> HandleAsync(string json, CancellationToken cancellationToken)
    {
        EcsTaskSnapshot? task;
        try
        {
            task = TaskStateChangeEvent.Parse(json);
        }
        catch (JsonException e)
        {
            logger.UnreadableTaskStateChange(e.Message);
            return null;
        }

        if (task?.DeploymentRun is not { } run)
        {
            return null;
        }

        if (!deduplicator.IsNew(task.TaskArn, task.Version))
        {
            logger.IgnoredTaskStateChange(task.TaskArn, task.Version ?? -1, "already seen");
            return null;
        }

        if (!task.IsStopped)
        {
            return null;
        }

        var child = await client.GetInstanceAsync(run.InstanceId, getInputsAndOutputs: false, cancellationToken);
        if (child is null || DeploymentRunCompletions.IsFinal(child.RuntimeStatus)
            || !child.Tags.TryGetValue(DeploymentRunTags.NotifyInstance, out var parent)
            || !child.Tags.TryGetValue(DeploymentRunTags.NotifyEvent, out var eventName))
        {
            logger.IgnoredTaskStateChange(task.TaskArn, task.Version ?? -1, child is null ? "unknown instance" : $"instance is {child.RuntimeStatus}");
            return null;
        }

        var crash = DeploymentCrashClassifier.Classify(task, run.ContainerName);
        logger.Crashed(run.InstanceId, crash.Describe());
        await client.RaiseEventAsync(parent, eventName, DeploymentRunCompletions.FromCrash(run.InstanceId, crash), cancellationToken);
        return crash;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(sources.Select(source => ConsumeAsync(source, stoppingToken)));

    private async Task ConsumeAsync(ITaskStateChangeSource source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in source.ReadAllAsync(stoppingToken))
                {
                    await HandleAsync(message.Body, stoppingToken);
                    await message.AcknowledgeAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.TaskStateChangeSourceFailed(e, RetryDelay);
                await Task.Delay(RetryDelay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
