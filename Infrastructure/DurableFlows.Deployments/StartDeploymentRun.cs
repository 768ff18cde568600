using System.Text.Json;
using DurableFlows.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// Creates a deployment run's child instance on its own queue, then starts its ECS task. Both steps are
/// idempotent (the instance id is the run id; RunTask carries a deterministic <c>clientToken</c>), so a
/// retry or a host restart mid-way starts nothing twice.
/// </summary>
/// <remarks>
/// The first start pins the code bundle the deployment points to at that moment: it is written on the child
/// instance's tags and returned to the parent, which passes it back on every later start (capacity and crash
/// retries). A start that finds the child already created (the activity was retried after it) reads the pin
/// from the child's tags. A deploy in the middle of a run therefore never changes the run's code.
/// </remarks>
[DurableTask(DeploymentActivityNames.Start)]
public sealed class StartDeploymentRun(
    DeploymentRegistry registry,
    IEcsTaskLauncher launcher,
    DurableTaskClient client,
    DeploymentRunTokens tokens,
    DeploymentHostSettings settings,
    ILogger<StartDeploymentRun> logger,
    IDeploymentBundleResolver? bundles = null) : TaskActivity<StartDeploymentRunRequest, StartDeploymentRunResult>
{
    /// <inheritdoc />
    public override async Task<StartDeploymentRunResult> RunAsync(TaskActivityContext context, StartDeploymentRunRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DeploymentLaunchPlan plan;
        try
        {
            plan = registry.Plan(input.Deployment, input.Overrides, $"RunDeploymentAsync(\"{input.Deployment}\")");
        }
        catch (DeploymentConfigurationException e)
        {
            return new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.Rejected, Reason = e.Message };
        }

        var queue = DeploymentRunIds.Queue(input.RunId);
        var existing = await client.GetInstanceAsync(input.RunId, getInputsAndOutputs: false);
        DeploymentBundlePin? bundle;
        try
        {
            // Without a resolver (no code storage in this host) the bundle is what host.json names, if anything.
            bundle = input.Bundle ?? PinnedOn(existing) ?? await (bundles ?? new ConfiguredDeploymentBundleResolver()).ResolveAsync(plan.Deployment, CancellationToken.None);
        }
        catch (DeploymentConfigurationException e)
        {
            return new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.Rejected, Reason = e.Message };
        }

        if (await EnsureChildAsync(plan, input, queue, existing, bundle) is { } stale)
        {
            return new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.Rejected, Reason = stale, Bundle = bundle };
        }

        var runner = new DeploymentRunnerEnvironment
        {
            SidecarAddress = settings.SidecarAddress,
            Queue = queue,
            RunToken = tokens.TokenFor(input.RunId),
            InstanceId = input.RunId,
            Flow = plan.Deployment.Flow,
            Deployment = plan.Deployment.Name,
            BundleUri = bundle?.Uri,
            BundleSha256 = bundle?.Sha256,
        };
        var env = new Dictionary<string, string>(plan.Env, StringComparer.Ordinal);
        foreach (var (name, value) in runner.ToVariables())
        {
            env[name] = value;
        }

        var launched = await launcher.RunTaskAsync(plan.Pool, new EcsLaunchRequest
        {
            ClientToken = DeploymentRunNames.ClientToken(input.RunId, input.Attempt, input.Launch),
            Cpu = plan.Cpu,
            Memory = plan.Memory,
            Env = env,
            StartedBy = DeploymentRunNames.StartedBy(input.RunId),
            Tags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["durableflows:run"] = input.RunId,
                ["durableflows:parent"] = input.ParentInstanceId,
                ["durableflows:deployment"] = plan.Deployment.Name,
            },
        }, CancellationToken.None);

        if (launched.TaskArn is { } taskArn)
        {
            logger.TaskLaunched(input.RunId, plan.Deployment.Name, input.Attempt, taskArn, plan.Cpu, plan.Memory);
            return new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.Launched, TaskArn = taskArn, Cpu = plan.Cpu, Memory = plan.Memory, Bundle = bundle };
        }

        var reason = launched.Failures.Count == 0 ? "RunTask returned neither a task nor a failure" : string.Join("; ", launched.Failures);
        logger.LaunchFailed(input.RunId, plan.Deployment.Name, reason);
        return new StartDeploymentRunResult
        {
            Outcome = launched.Failures.Count > 0 && launched.Failures.All(f => f.IsCapacityShortage)
                ? StartDeploymentRunOutcome.CapacityShortage
                : StartDeploymentRunOutcome.LaunchFailed,
            Cpu = plan.Cpu,
            Memory = plan.Memory,
            Reason = reason,
            Bundle = bundle,
        };
    }

    private static DeploymentBundlePin? PinnedOn(OrchestrationMetadata? child) =>
        child?.Tags is { } tags
        && tags.TryGetValue(DeploymentRunTags.Bundle, out var uri)
        && tags.TryGetValue(DeploymentRunTags.BundleSha256, out var sha256)
            ? new DeploymentBundlePin(uri, sha256)
            : null;

    // Returns why the run id cannot be used, or null once the child exists.
    private async Task<string?> EnsureChildAsync(DeploymentLaunchPlan plan, StartDeploymentRunRequest input, string queue, OrchestrationMetadata? existing, DeploymentBundlePin? bundle)
    {
        if (existing is not null)
        {
            // Run numbers restart with each execution of the parent; an instance older than the call is
            // an earlier execution's run (after ContinueAsNew), whose output must not be taken for this one.
            return existing.CreatedAt.UtcDateTime < input.RequestedAt
                ? $"RunDeploymentAsync(\"{input.Deployment}\"): run id '{input.RunId}' belongs to an earlier execution of '{input.ParentInstanceId}' (created {existing.CreatedAt:O}, before this call at {input.RequestedAt:O}); after ContinueAsNew, start the next execution under a new instance id."
                : null;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [InstanceTags.Queue] = queue,
            [DeploymentRunTags.NotifyInstance] = input.ParentInstanceId,
            [DeploymentRunTags.NotifyEvent] = DeploymentRunIds.CompletionEvent(input.RunId),
            [DeploymentRunTags.Deployment] = plan.Deployment.Name,
        };
        if (bundle is not null)
        {
            tags[DeploymentRunTags.Bundle] = bundle.Uri;
            tags[DeploymentRunTags.BundleSha256] = bundle.Sha256;
        }

        // The input came through the data converter as JSON; handing the element back writes the same JSON.
        var childInput = input.Input is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? null : input.Input;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                plan.Deployment.Flow, childInput, new StartOrchestrationOptions(input.RunId) { Tags = tags });
        }
        catch (Exception)
        {
            // Another attempt of this activity may have created it between the check and the call.
            if (await client.GetInstanceAsync(input.RunId, getInputsAndOutputs: false) is not null)
            {
                return null;
            }

            throw;
        }

        logger.ChildCreated(input.RunId, plan.Deployment.Name, queue);
        return null;
    }
}
