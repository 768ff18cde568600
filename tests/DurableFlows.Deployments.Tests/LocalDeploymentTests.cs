using DurableFlows.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Deployments.Tests;

/// <summary>Deployment runs end to end on the local ECS emulator: each sub-flow in its own process, sized as configured.</summary>
public sealed class LocalDeploymentTests
{
    private const string Oom = "OutOfMemoryError: Container killed due to memory usage";

    private static void Parents(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<int, SubFlowResult?>("Hungry Parent", (context, mib) =>
            context.RunDeploymentAsync<SubFlowResult>("Hungry Flow/hungry", mib));
        tasks.AddOrchestratorFunc<int, SubFlowResult?>("Hungry Parent With Retry", (context, mib) =>
            context.RunDeploymentAsync<SubFlowResult>("Hungry Flow/hungry", mib, new DeploymentRunOptions
            {
                CrashRetry = new DeploymentCrashRetryPolicy { MaxAttempts = 2, RetryOverrides = new InfraOverrides { Memory = 2048 } },
            }));
    }

    [Fact]
    public async Task Main_Flow2_runs_the_three_deployments_each_on_its_own_task_and_size()
    {
        await using var pipeline = await LocalDeploymentPipeline.StartAsync(Parents);

        var run = await pipeline.RunAsync(MainFlow2.Name, "main2");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var results = run.ReadOutputAs<List<SubFlowResult>>()!;
        Assert.Equal(
            ["Sub Flow1: a b", "Sub Flow2: b c", "Sub Flow3: a c"],
            results.Select(r => $"{r.Flow}: {string.Join(' ', r.Tasks)}"));
        var tasks = (await pipeline.StoppedTasksAsync(3)).Values.ToList();
        Assert.Equal([(512, 1024), (1024, 2048), (2048, 4096)], tasks.Select(t => (t.Cpu ?? 0, t.Memory ?? 0)).Order());
        Assert.All(tasks, t => Assert.Equal(0, t.Containers.Single(c => c.Name == "runner").ExitCode));
        Assert.Equal(["main2-run-1", "main2-run-2", "main2-run-3"], tasks.Select(t => t.DeploymentRun!.Value.InstanceId).Order());
    }

    [Fact]
    public async Task A_sub_flow_that_allocates_past_its_memory_fails_classified_out_of_memory()
    {
        await using var pipeline = await LocalDeploymentPipeline.StartAsync(Parents);

        var run = await pipeline.RunAsync("Hungry Parent", "hungry1", input: 700);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal($"Hungry Flow/hungry crashed: OOM at 512 MiB (exit 137, {Oom})", run.FailureDetails!.ErrorMessage);
        var task = Assert.Single(await pipeline.StoppedTasksAsync(1)).Value;
        Assert.Equal(("EssentialContainerExited", 137, Oom), (task.StopCode, task.Containers.Single().ExitCode, task.Containers.Single().Reason));
    }

    [Fact]
    public async Task With_a_crash_retry_and_more_memory_it_completes_and_finished_tasks_do_not_run_again()
    {
        await using var pipeline = await LocalDeploymentPipeline.StartAsync(Parents);

        var run = await pipeline.RunAsync("Hungry Parent With Retry", "hungry2", input: 700);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(["a", "allocate", "b"], run.ReadOutputAs<SubFlowResult>()!.Tasks);
        var tasks = (await pipeline.StoppedTasksAsync(2)).Values.OrderBy(t => t.Memory).ToList();
        Assert.Equal([(512, 137), (2048, 0)], tasks.Select(t => (t.Memory ?? 0, t.Containers.Single().ExitCode ?? -1)));
        Assert.Equal(Oom, tasks[0].Containers.Single().Reason);
        Assert.Single(pipeline.Output, line => line.Contains("task A (flow run hungry2-run-1)", StringComparison.Ordinal));
    }
}
