using System.Text.Json;
using Microsoft.DurableTask;

namespace DurableFlows.Deployments;

/// <summary>
/// Runs a deployment sub-flow on its own infrastructure (an ECS task with its own CPU and memory), the
/// counterpart of Prefect's <c>run_deployment("Flow/deployment")</c>. Only the orchestration context's
/// API is used, so the calling flow stays portable.
/// </summary>
public static class DeploymentOrchestrationContextExtensions
{
    private static readonly TimeSpan DefaultReconciliationInterval = TimeSpan.FromMinutes(1);

    // The SDK's default data converter writes outputs with these options; reading them back the same way
    // gives the caller what a sub-orchestration call would have given.
    private static readonly JsonSerializerOptions OutputOptions = new() { IncludeFields = true };

    // The activities are idempotent, so an ECS or store hiccup is retried on durable timers.
    private static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    /// <summary>
    /// Starts the deployment <paramref name="deployment"/> (<c>"Flow/deployment"</c>) as a child flow on its
    /// own ECS task, waits for it, and returns its output.
    /// </summary>
    /// <typeparam name="TOutput">The child flow's output type.</typeparam>
    /// <param name="context">The calling orchestration's context.</param>
    /// <param name="deployment">The deployment, such as <c>Sub Flow1/sub-flow1-deployment</c>.</param>
    /// <param name="input">The child flow's input.</param>
    /// <param name="options">Per-run overrides, timeout, and crash and capacity retry policies.</param>
    /// <returns>The child flow's output.</returns>
    /// <exception cref="DeploymentRunFailedException">The child failed or was terminated, its task crashed, ECS refused it, or the timeout passed.</exception>
    /// <exception cref="DeploymentConfigurationException">The deployment is unknown, or the merged CPU and memory are not a valid pair.</exception>
    public static async Task<TOutput?> RunDeploymentAsync<TOutput>(
        this TaskOrchestrationContext context, string deployment, object? input = null, DeploymentRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        options ??= new DeploymentRunOptions();
        var run = new DeploymentRunState(context, deployment, options);
        var completion = await run.RunAsync(input);
        return completion.Output is null ? default : JsonSerializer.Deserialize<TOutput>(completion.Output, OutputOptions);
    }

    /// <summary>The state of one run in one replay; kept off the public surface.</summary>
    private sealed class DeploymentRunState(TaskOrchestrationContext context, string deployment, DeploymentRunOptions options)
    {
        private readonly string _runId = DeploymentRunIds.RunId(context.InstanceId, DeploymentRunSequence.Next(context));
        private readonly DateTime? _deadline = options.Timeout is { } timeout ? context.CurrentUtcDateTime + timeout : null;

        // Every start of this run (crash and capacity retries too) says when the run began, so that the
        // child it created on the first start is told apart from an earlier execution's.
        private readonly DateTime _requestedAt = context.CurrentUtcDateTime;

        // The bundle the first start pinned (from its recorded result, so replay sees the same one); every
        // later start of this run passes it back, so a crash retry runs the code the run began with.
        private DeploymentBundlePin? _bundle;

        public async Task<DeploymentRunCompletion> RunAsync(object? input)
        {
            var crashPolicy = options.CrashRetry ?? new DeploymentCrashRetryPolicy();
            var overrides = options.Overrides;
            var events = new CompletionEvents(context, DeploymentRunIds.CompletionEvent(_runId));
            for (var attempt = 1; ; attempt++)
            {
                var started = await LaunchAsync(input, overrides, attempt);
                var completion = await WaitAsync(events, started.TaskArn!);
                if (completion.Crash is not { } crash)
                {
                    return Finish(completion);
                }

                if (attempt >= crashPolicy.MaxAttempts || !crashPolicy.Retries(crash.Kind))
                {
                    // The child will not move without a task; end it so that it does not stay Running.
                    await StopAsync(taskArn: null, "crashed and is not retried");
                    var tries = attempt == 1 ? string.Empty : $" (attempt {attempt} of {crashPolicy.MaxAttempts})";
                    throw new DeploymentRunFailedException(
                        deployment, _runId, DeploymentRunFailureCause.Crashed, $"{deployment} crashed{tries}: {crash.Describe()}", crash: crash);
                }

                overrides = InfraOverrides.Merge(overrides, crashPolicy.RetryOverrides);
                if (crash.Kind == DeploymentCrashKind.OutOfMemory && crashPolicy.MemoryIncrementMiB is { } increment)
                {
                    overrides = InfraOverrides.Merge(overrides, new InfraOverrides { Memory = started.Memory + increment });
                }
            }
        }

        private async Task<StartDeploymentRunResult> LaunchAsync(object? input, InfraOverrides? overrides, int attempt)
        {
            var capacity = options.CapacityRetry ?? new DeploymentCapacityRetryPolicy();
            for (var launch = 1; ; launch++)
            {
                StartDeploymentRunResult result;
                try
                {
                    result = await context.CallActivityAsync<StartDeploymentRunResult>(DeploymentActivityNames.Start, new StartDeploymentRunRequest
                    {
                        Deployment = deployment,
                        RunId = _runId,
                        ParentInstanceId = context.InstanceId,
                        RequestedAt = _requestedAt,
                        Input = input,
                        Overrides = overrides,
                        Attempt = attempt,
                        Launch = launch,
                        Bundle = _bundle,
                    }, ActivityRetry);
                }
                catch (TaskFailedException e)
                {
                    throw new DeploymentRunFailedException(
                        deployment, _runId, DeploymentRunFailureCause.LaunchFailed,
                        $"{deployment}: {DeploymentActivityNames.Start} failed: {e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}");
                }

                _bundle ??= result.Bundle;
                switch (result.Outcome)
                {
                    case StartDeploymentRunOutcome.Launched when result.TaskArn is not null:
                        return result;
                    case StartDeploymentRunOutcome.Rejected:
                        if (attempt > 1)
                        {
                            // A retry's size was refused; the child from the first attempt must not stay Running.
                            await StopAsync(taskArn: null, "retry was refused");
                        }

                        throw new DeploymentConfigurationException(result.Reason ?? $"{deployment} cannot be launched.");
                    case StartDeploymentRunOutcome.CapacityShortage when launch < capacity.MaxAttempts:
                        var wakeAt = context.CurrentUtcDateTime + capacity.DelayAfter(launch);
                        if (_deadline is { } deadline && wakeAt >= deadline)
                        {
                            await StopAsync(taskArn: null, "timed out waiting for ECS capacity");
                            throw TimedOut($"waiting for ECS capacity ({result.Reason})");
                        }

                        await context.CreateTimer(wakeAt, CancellationToken.None);
                        break;
                    default:
                        await StopAsync(taskArn: null, "ECS did not start the task");
                        throw new DeploymentRunFailedException(
                            deployment, _runId, DeploymentRunFailureCause.LaunchFailed,
                            $"{deployment}: ECS did not start the task after {launch} RunTask call(s): {result.Reason ?? "no reason given"}");
                }
            }
        }

        // Waits for the completion event, asking ECS about the task each reconciliation interval, until the
        // deadline. A crash reported for an earlier attempt's task is stale and ignored.
        private async Task<DeploymentRunCompletion> WaitAsync(CompletionEvents events, string taskArn)
        {
            var interval = options.ReconciliationInterval ?? DefaultReconciliationInterval;
            while (true)
            {
                var wakeAt = context.CurrentUtcDateTime + interval;
                var deadlineFirst = _deadline is { } deadline && deadline <= wakeAt;
                if (deadlineFirst)
                {
                    wakeAt = _deadline!.Value;
                }

                using var timerCancellation = new CancellationTokenSource();
                var timer = context.CreateTimer(wakeAt, timerCancellation.Token);
                var next = events.Next();
                var winner = await Task.WhenAny(next, timer);
                if (winner == next)
                {
                    timerCancellation.Cancel();
                    var completion = await next;
                    if (completion.Crash is { } crash && crash.TaskArn != taskArn)
                    {
                        continue;
                    }

                    return completion;
                }

                if (deadlineFirst)
                {
                    await StopAsync(taskArn, "timed out");
                    throw TimedOut("waiting for the flow to finish");
                }

                try
                {
                    var reconciled = await context.CallActivityAsync<DeploymentRunCompletion?>(DeploymentActivityNames.Reconcile, new ReconcileDeploymentRunRequest
                    {
                        Deployment = deployment,
                        RunId = _runId,
                        TaskArn = taskArn,
                    }, ActivityRetry);
                    if (reconciled is not null)
                    {
                        return reconciled;
                    }
                }
                catch (TaskFailedException)
                {
                    // ECS could not be asked this time; events still arrive, and the next interval asks again.
                }
            }
        }

        private async Task StopAsync(string? taskArn, string reason)
        {
            try
            {
                await context.CallActivityAsync(DeploymentActivityNames.Stop, new StopDeploymentRunRequest
                {
                    Deployment = deployment,
                    RunId = _runId,
                    TaskArn = taskArn,
                    Reason = $"{context.InstanceId}: {deployment} {reason}",
                }, ActivityRetry);
            }
            catch (TaskFailedException)
            {
                // The run fails either way; once the parent is final, the orphan sweeper stops what is left.
            }
        }

        private DeploymentRunFailedException TimedOut(string what) => new(
            deployment, _runId, DeploymentRunFailureCause.TimedOut,
            $"{deployment} timed out after {options.Timeout} {what}; its task was stopped and run '{_runId}' terminated.");

        private DeploymentRunCompletion Finish(DeploymentRunCompletion completion) => completion.RuntimeStatus switch
        {
            "Completed" => completion,
            "Failed" => throw new DeploymentRunFailedException(
                deployment, _runId, DeploymentRunFailureCause.ChildFailed,
                $"{deployment} failed: {completion.FailureDetails?.ErrorType}: {completion.FailureDetails?.ErrorMessage}",
                childFailure: completion.FailureDetails?.ToTaskFailureDetails()),
            _ => throw new DeploymentRunFailedException(
                deployment, _runId, DeploymentRunFailureCause.ChildTerminated,
                $"{deployment}: run '{_runId}' ended as {completion.RuntimeStatus ?? "(no status)"}."),
        };
    }

    /// <summary>
    /// The completion events of one run. A wait that a timer beat is still pending in the SDK and will
    /// take the next event, so it is kept and awaited again instead of opening a second wait.
    /// </summary>
    private sealed class CompletionEvents(TaskOrchestrationContext context, string eventName)
    {
        private Task<DeploymentRunCompletion>? _pending;

        public Task<DeploymentRunCompletion> Next()
        {
            if (_pending is null || _pending.IsCompleted)
            {
                _pending = context.WaitForExternalEvent<DeploymentRunCompletion>(eventName);
            }

            return _pending;
        }
    }
}
