using DurableFlows.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// Deployment runs that end before their flow does, end to end on our sidecar, the local ECS emulator and
/// the runner as a child process: a recursive terminate, a timeout, and calls refused before any launch.
/// </summary>
public sealed class LocalDeploymentEndingTests
{
    private const string Deployment = "Sub Flow1/sub-flow1-deployment";

    // Each task of the child works for two minutes: longer than any of these tests waits.
    private static readonly InfraOverrides SlowTasks = new() { Env = new Dictionary<string, string> { ["Pipeline__TaskSeconds"] = "120" } };

    private static void Parents(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<string?, SubFlowResult?>("Slow Parent", (context, _) =>
            context.RunDeploymentAsync<SubFlowResult>(Deployment, options: new DeploymentRunOptions { Overrides = SlowTasks }));
        tasks.AddOrchestratorFunc<string?, SubFlowResult?>("Slow Grandparent", (context, _) =>
            context.CallSubOrchestratorAsync<SubFlowResult?>("Slow Parent", options: new SubOrchestrationOptions { InstanceId = context.InstanceId + "-parent" }));
        tasks.AddOrchestratorFunc<string?, SubFlowResult?>("Impatient Parent", (context, _) =>
            context.RunDeploymentAsync<SubFlowResult>(Deployment, options: new DeploymentRunOptions { Overrides = SlowTasks, Timeout = TimeSpan.FromSeconds(4) }));
        tasks.AddOrchestratorFunc<RefusedRun, SubFlowResult?>("Refused Parent", (context, run) =>
            context.RunDeploymentAsync<SubFlowResult>(run.Deployment, options: new DeploymentRunOptions { Overrides = new InfraOverrides { Cpu = run.Cpu, Memory = run.Memory } }));
    }

    [Fact]
    public async Task A_recursive_terminate_stops_the_grandchild_task_user_initiated_and_terminates_every_instance()
    {
        await using var pipeline = await LocalDeploymentPipeline.StartAsync(Parents);
        await pipeline.Client.ScheduleNewOrchestrationInstanceAsync("Slow Grandparent", new StartOrchestrationOptions("tree"));
        await pipeline.OutputContainsAsync("task A (flow run tree-parent-run-1)");

        await pipeline.Client.TerminateInstanceAsync("tree", new TerminateInstanceOptions(Output: "enough", Recursive: true));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await pipeline.FinishedAsync("tree")).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await pipeline.FinishedAsync("tree-parent")).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await pipeline.FinishedAsync("tree-parent-run-1")).RuntimeStatus);
        var stopped = Assert.Single(await pipeline.StoppedTasksAsync(1)).Value;
        Assert.Equal("tree-parent-run-1", stopped.DeploymentRun!.Value.InstanceId);
        Assert.Equal("UserInitiated", stopped.StopCode);
        Assert.Equal("parent tree-parent is Terminated", stopped.StoppedReason);
        var task = Assert.Single(await pipeline.EcsTasksAsync());
        Assert.Equal(("STOPPED", "UserInitiated"), (task.LastStatus, task.StopCode));
        Assert.DoesNotContain(pipeline.Output, line => line.Contains("task B", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timeout_fails_the_parent_with_the_typed_exception_stops_the_task_and_terminates_the_child()
    {
        await using var pipeline = await LocalDeploymentPipeline.StartAsync(Parents);

        var run = await pipeline.RunAsync("Impatient Parent", "late");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal(typeof(DeploymentRunFailedException).FullName, run.FailureDetails!.ErrorType);
        Assert.StartsWith($"{Deployment} timed out after 00:00:04", run.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await pipeline.FinishedAsync("late-run-1")).RuntimeStatus);
        var stopped = Assert.Single(await pipeline.StoppedTasksAsync(1)).Value;
        Assert.Equal(("UserInitiated", $"late: {Deployment} timed out"), (stopped.StopCode, stopped.StoppedReason));
        Assert.Equal(("late-run-1", 512, 1024), (stopped.DeploymentRun!.Value.InstanceId, stopped.Cpu ?? 0, stopped.Memory ?? 0));
    }

    [Theory]
    [InlineData(Deployment, 512, 8192,
        "RunDeploymentAsync(\"Sub Flow1/sub-flow1-deployment\") overrides: memory = 8192 is not a Fargate size for cpu 512; valid: 1024, 2048, 3072, 4096")]
    [InlineData(Deployment, 300, null,
        "RunDeploymentAsync(\"Sub Flow1/sub-flow1-deployment\") overrides: cpu = 300 is not a Fargate size; valid: 256, 512, 1024, 2048, 4096, 8192, 16384")]
    [InlineData("Sub Flow9/nope", null, null,
        "Unknown deployment 'Sub Flow9/nope'; expected \"Flow/deployment\" as configured in durableFlows.deployments. Known deployments: " +
        "'Hungry Flow/hungry', 'Sub Flow1/sub-flow1-deployment', 'Sub Flow2/sub-flow2-deployment', 'Sub Flow3/sub-flow3-deployment'.")]
    public async Task An_invalid_size_or_unknown_deployment_fails_the_parent_naming_the_choices_and_launches_no_task(
        string deployment, int? cpu, int? memory, string expected)
    {
        await using var pipeline = await LocalDeploymentPipeline.StartAsync(Parents);

        var run = await pipeline.RunAsync("Refused Parent", "refused", input: new RefusedRun(deployment, cpu, memory));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal(typeof(DeploymentConfigurationException).FullName, run.FailureDetails!.ErrorType);
        Assert.Equal(expected, run.FailureDetails.ErrorMessage);
        Assert.Empty(await pipeline.EcsTasksAsync());
        Assert.Empty(pipeline.Changes);
        Assert.Null(await pipeline.Client.GetInstanceAsync("refused-run-1"));
    }

    /// <summary>The input of <c>Refused Parent</c>: what it asks for.</summary>
    public sealed record RefusedRun(string Deployment, int? Cpu, int? Memory);
}
