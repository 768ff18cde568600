using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// What <c>durableflows runner</c> does inside an ECS task: serve the run's queue until the child instance
/// is final, then exit 0 if it completed and 1 otherwise. How the worker connects (and where the flow code
/// comes from: the image, or a code bundle named in the environment) is the caller's, through
/// <c>connect</c>, so this class holds only the run's life cycle.
/// </summary>
public sealed class DeploymentRunner(TimeProvider timeProvider, ILogger<DeploymentRunner> logger)
{
    /// <summary>Gets how often the child's state is read.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs until the child instance is final; returns the process exit code.</summary>
    /// <param name="environment">The run, from the task's environment.</param>
    /// <param name="connect">Connects a worker on <see cref="DeploymentRunnerEnvironment.Queue"/> with the run token.</param>
    /// <param name="cancellationToken">Cancelled on SIGTERM (StopTask).</param>
    public async Task<int> RunAsync(
        DeploymentRunnerEnvironment environment,
        Func<DeploymentRunnerEnvironment, CancellationToken, Task<DeploymentRunnerWorker>> connect,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(connect);
        logger.RunnerStarted(environment.Queue, environment.SidecarAddress, environment.InstanceId);
        var worker = await connect(environment, cancellationToken);
        await using (worker.Connection)
        {
            try
            {
                var final = await WaitUntilFinalAsync(worker.Client, environment.InstanceId, cancellationToken);
                logger.RunnerFinished(environment.InstanceId, final);
                return final == nameof(OrchestrationRuntimeStatus.Completed) ? 0 : 1;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Over gRPC a cancelled call surfaces as RpcException (Cancelled), not OperationCanceledException.
                logger.RunnerFinished(environment.InstanceId, "not final: the runner was stopped");
                return 1;
            }
        }
    }

    private async Task<string> WaitUntilFinalAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (instance is null)
            {
                return $"unknown to the sidecar (no instance '{instanceId}')";
            }

            if (DeploymentRunCompletions.IsFinal(instance.RuntimeStatus))
            {
                return instance.RuntimeStatus.ToString();
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }
}
