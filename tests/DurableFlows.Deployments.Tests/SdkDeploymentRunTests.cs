using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// Deployment runs through the real Durable Task SDK and a real gRPC sidecar (Microsoft's in-process
/// one, until ours lands): durable timers, external events and their JSON, and the run activities with
/// their dependencies, over an ECS ledger.
/// </summary>
public sealed class SdkDeploymentRunTests
{
    private const string Deployment = DeploymentRunHarness.Deployment;

    [Fact]
    public async Task Start_creates_the_child_on_its_queue_and_launches_its_task_with_size_env_and_token()
    {
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p1"));

        var launch = await harness.FirstLaunchAsync();

        Assert.Equal((512, 1024, "p1-run-1#1.1"), (launch.Cpu, launch.Memory, launch.ClientToken));
        Assert.Equal("run-p1-run-1", launch.Env[DeploymentRunnerEnvironment.QueueVariable]);
        Assert.Equal("p1-run-1", launch.Env[DeploymentRunnerEnvironment.InstanceIdVariable]);
        Assert.Equal("Sub Flow1", launch.Env[DeploymentRunnerEnvironment.FlowVariable]);
        Assert.Null(harness.Tokens.Authorize("run-p1-run-1", launch.Env[DeploymentRunnerEnvironment.RunTokenVariable]));
        var child = await harness.Client.GetInstanceAsync("p1-run-1", getInputsAndOutputs: true);
        Assert.NotNull(child);
        Assert.Equal("Sub Flow1", child.Name);
        Assert.Equal("\"input\"", child.SerializedInput);
    }

    [Fact]
    public async Task Stopped_task_event_fails_the_parent_with_the_classified_crash_and_ends_the_child()
    {
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p2"));
        var launch = await harness.FirstLaunchAsync();
        var stopped = TaskStateChanges.Stopped(instanceId: "p2-run-1", taskArn: RecordingEcs.ArnOf(launch.ClientToken), version: 5);
        var listener = harness.Listener;

        var crash = await listener.HandleAsync(stopped, CancellationToken.None);
        var again = await listener.HandleAsync(stopped, CancellationToken.None);
        var parent = await harness.FinishedAsync("p2");

        Assert.Equal(DeploymentCrashKind.OutOfMemory, crash!.Kind);
        Assert.Null(again);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, parent.RuntimeStatus);
        Assert.Equal(typeof(DeploymentRunFailedException).FullName, parent.FailureDetails!.ErrorType);
        Assert.Equal(
            "Sub Flow1/sub-flow1-deployment crashed: OOM at 1024 MiB (exit 137, OutOfMemoryError: Container killed due to memory usage)",
            parent.FailureDetails.ErrorMessage);
        var child = await harness.FinishedAsync("p2-run-1");
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
        Assert.Equal(1, harness.Ecs.Distinct);
    }

    [Fact]
    public async Task Timeout_on_durable_timers_stops_the_task_and_terminates_the_child()
    {
        var options = new DeploymentRunOptions { Timeout = TimeSpan.FromMilliseconds(600), ReconciliationInterval = TimeSpan.FromMilliseconds(150) };
        await using var harness = await DeploymentRunHarness.StartAsync(options);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p3"));
        var launch = await harness.FirstLaunchAsync();

        var parent = await harness.FinishedAsync("p3");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, parent.RuntimeStatus);
        Assert.StartsWith("Sub Flow1/sub-flow1-deployment timed out after 00:00:00.6000000", parent.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(RecordingEcs.ArnOf(launch.ClientToken), harness.Ecs.Stopped);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await harness.FinishedAsync("p3-run-1")).RuntimeStatus);
    }

    [Theory]
    [InlineData("Sub Flow9/nope", null,
        "Unknown deployment 'Sub Flow9/nope'; expected \"Flow/deployment\" as configured in durableFlows.deployments. Known deployments: 'Sub Flow1/sub-flow1-deployment'.")]
    [InlineData(Deployment, 8192,
        "RunDeploymentAsync(\"Sub Flow1/sub-flow1-deployment\") overrides: memory = 8192 is not a Fargate size for cpu 512; valid: 1024, 2048, 3072, 4096")]
    public async Task Unknown_deployment_or_invalid_size_fails_the_parent_before_any_launch(string deployment, int? memory, string expected)
    {
        var options = new DeploymentRunOptions { Overrides = new InfraOverrides { Memory = memory } };
        await using var harness = await DeploymentRunHarness.StartAsync(options, deployment);
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p4"));

        var parent = await harness.FinishedAsync("p4");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, parent.RuntimeStatus);
        Assert.Equal(typeof(DeploymentConfigurationException).FullName, parent.FailureDetails!.ErrorType);
        Assert.Equal(expected, parent.FailureDetails.ErrorMessage);
        Assert.Empty(harness.Ecs.RunTaskCalls);
        Assert.Null(await harness.Client.GetInstanceAsync("p4-run-1"));
    }

    [Fact]
    public async Task Completion_event_in_the_sidecar_notification_shape_returns_the_child_output()
    {
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p5"));
        await harness.FirstLaunchAsync();

        // What the sidecar raises when the child completes: the output is the child's serialized output, as a string.
        var notification = new JsonObject
        {
            ["instanceId"] = "p5-run-1",
            ["runtimeStatus"] = "Completed",
            ["output"] = "\"done by Sub Flow1\"",
            ["failureDetails"] = null,
        };
        await harness.Client.RaiseEventAsync("p5", "DeploymentRunCompleted:p5-run-1", notification);
        var parent = await harness.FinishedAsync("p5");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, parent.RuntimeStatus);
        Assert.Equal("done by Sub Flow1", parent.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Start_run_again_after_a_restart_reuses_the_child_and_the_task()
    {
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p6"));
        var first = await harness.FirstLaunchAsync();
        var start = ActivatorUtilities.CreateInstance<StartDeploymentRun>(harness.Services);

        // The created time once the child runs: the test host restamps it when the child starts.
        var child = await harness.Client.WaitForInstanceStartAsync("p6-run-1");

        // The activity as a restarted host runs it again: same request, same run.
        var again = await start.RunAsync(new ActivityContext(), new StartDeploymentRunRequest
        {
            Deployment = Deployment,
            RunId = "p6-run-1",
            ParentInstanceId = "p6",
            RequestedAt = child.CreatedAt.UtcDateTime,
            Input = "input",
        });

        Assert.True(again.Outcome == StartDeploymentRunOutcome.Launched, again.Reason);
        Assert.Equal(RecordingEcs.ArnOf(first.ClientToken), again.TaskArn);
        Assert.Equal(2, harness.Ecs.RunTaskCalls.Count);
        Assert.Equal(1, harness.Ecs.Distinct);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await harness.Client.GetInstanceAsync("p6-run-1"))!.RuntimeStatus);
    }

    [Fact]
    public async Task Terminating_the_parent_stops_the_child_task_and_terminates_the_child()
    {
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p7"));
        var launch = await harness.FirstLaunchAsync();
        await harness.Client.TerminateInstanceAsync("p7", "cancelled by a user");
        await harness.FinishedAsync("p7");
        var sweeper = ActivatorUtilities.CreateInstance<OrphanedDeploymentRunSweeper>(harness.Services, TimeProvider.System);

        var stopped = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(["p7-run-1"], stopped);
        Assert.Contains(RecordingEcs.ArnOf(launch.ClientToken), harness.Ecs.Stopped);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await harness.FinishedAsync("p7-run-1")).RuntimeStatus);
        Assert.Empty(await sweeper.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_run_id_left_by_an_earlier_execution_is_refused_rather_than_reused()
    {
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("p8"));
        await harness.FirstLaunchAsync();
        var start = ActivatorUtilities.CreateInstance<StartDeploymentRun>(harness.Services);
        var later = (await harness.Client.GetInstanceAsync("p8-run-1"))!.CreatedAt.UtcDateTime.AddMinutes(1);

        var result = await start.RunAsync(new ActivityContext(), new StartDeploymentRunRequest
        {
            Deployment = Deployment,
            RunId = "p8-run-1",
            ParentInstanceId = "p8",
            RequestedAt = later,
        });

        Assert.Equal(StartDeploymentRunOutcome.Rejected, result.Outcome);
        Assert.Contains("belongs to an earlier execution of 'p8'", result.Reason, StringComparison.Ordinal);
        Assert.Single(harness.Ecs.RunTaskCalls);
    }

    private sealed class ActivityContext : TaskActivityContext
    {
        public override TaskName Name => DeploymentActivityNames.Start;

        public override string InstanceId => "restarted";
    }
}
