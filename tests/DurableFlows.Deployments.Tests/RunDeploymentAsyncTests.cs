namespace DurableFlows.Deployments.Tests;

public sealed class RunDeploymentAsyncTests
{
    private const string Deployment = "Sub Flow1/sub-flow1-deployment";

    private sealed record FlowOutput(string Flow, IReadOnlyList<string> Tasks);

    private sealed class Ecs
    {
        public List<StartDeploymentRunRequest> Starts { get; } = [];

        public List<StopDeploymentRunRequest> Stops { get; } = [];

        public List<ReconcileDeploymentRunRequest> Reconciles { get; } = [];

        public Func<StartDeploymentRunRequest, StartDeploymentRunResult> OnStart { get; set; } = r => Launched(r, 512, 1024);

        public Func<ReconcileDeploymentRunRequest, DeploymentRunCompletion?> OnReconcile { get; set; } = _ => null;

        public static StartDeploymentRunResult Launched(StartDeploymentRunRequest request, int cpu, int memory) => new()
        {
            Outcome = StartDeploymentRunOutcome.Launched,
            TaskArn = TaskArn(request.Attempt),
            Cpu = cpu,
            Memory = request.Overrides?.Memory ?? memory,
        };

        public object? Answer(string name, object? input)
        {
            switch (input)
            {
                case StartDeploymentRunRequest start when name == DeploymentActivityNames.Start:
                    Starts.Add(start);
                    return OnStart(start);
                case StopDeploymentRunRequest stop when name == DeploymentActivityNames.Stop:
                    Stops.Add(stop);
                    return true;
                case ReconcileDeploymentRunRequest reconcile when name == DeploymentActivityNames.Reconcile:
                    Reconciles.Add(reconcile);
                    return OnReconcile(reconcile);
                default:
                    throw new InvalidOperationException($"Unexpected activity {name}.");
            }
        }
    }

    private static string TaskArn(int attempt) => $"arn:aws:ecs:local:000000000000:task/default/task{attempt}";

    private static DeploymentRunCompletion Completed(string runId, string output) =>
        new() { InstanceId = runId, RuntimeStatus = "Completed", Output = output };

    private static DeploymentRunCompletion Crash(string runId, int attempt, DeploymentCrashKind kind = DeploymentCrashKind.OutOfMemory, int memory = 1024) =>
        DeploymentRunCompletions.FromCrash(runId, new DeploymentRunCrash
        {
            TaskArn = TaskArn(attempt),
            Kind = kind,
            ExitCode = kind == DeploymentCrashKind.OutOfMemory ? 137 : null,
            StopCode = kind == DeploymentCrashKind.UserInitiated ? "UserInitiated" : "EssentialContainerExited",
            ContainerReason = kind == DeploymentCrashKind.OutOfMemory ? "OutOfMemoryError: Container killed due to memory usage" : null,
            StoppedReason = kind == DeploymentCrashKind.UserInitiated ? "Task stopped by user" : "Essential container in task exited",
            Cpu = 512,
            Memory = memory,
        });

    private static (ScriptedOrchestrationContext Context, Ecs Ecs) Parent(string instanceId = "main-1")
    {
        var ecs = new Ecs();
        return (new ScriptedOrchestrationContext(instanceId, ecs.Answer), ecs);
    }

    [Fact]
    public void Returns_the_child_output_from_the_completion_event()
    {
        var (context, ecs) = Parent();
        context.RaiseAt(TimeSpan.FromSeconds(3), "DeploymentRunCompleted:main-1-run-1",
            Completed("main-1-run-1", """{"Flow":"Sub Flow1","Tasks":["a","b"]}"""));

        var output = context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment, new { Size = 3 }));

        Assert.Equal("Sub Flow1", output!.Flow);
        Assert.Equal(["a", "b"], output.Tasks);
        var start = Assert.Single(ecs.Starts);
        Assert.Equal(("main-1-run-1", "main-1", 1, 1), (start.RunId, start.ParentInstanceId, start.Attempt, start.Launch));
        Assert.Empty(ecs.Reconciles);
    }

    [Fact]
    public void Run_ids_follow_call_order_and_are_the_same_in_a_replay()
    {
        static List<string> RunTwo()
        {
            var (context, ecs) = Parent("main-7");
            context.RaiseAt(TimeSpan.Zero, "DeploymentRunCompleted:main-7-run-1", Completed("main-7-run-1", "1"));
            context.RaiseAt(TimeSpan.Zero, "DeploymentRunCompleted:main-7-run-2", Completed("main-7-run-2", "2"));
            var sum = context.Run(async () =>
                await context.RunDeploymentAsync<int>(Deployment) + await context.RunDeploymentAsync<int>("Sub Flow2/sub-flow2-deployment"));
            Assert.Equal(3, sum);
            return [.. ecs.Starts.Select(s => $"{s.Deployment} {s.RunId}")];
        }

        var first = RunTwo();
        var replay = RunTwo();

        Assert.Equal(["Sub Flow1/sub-flow1-deployment main-7-run-1", "Sub Flow2/sub-flow2-deployment main-7-run-2"], first);
        Assert.Equal(first, replay);
    }

    [Fact]
    public void Crash_without_retry_throws_the_classified_crash()
    {
        var (context, ecs) = Parent();
        context.RaiseAt(TimeSpan.FromSeconds(2), "DeploymentRunCompleted:main-1-run-1", Crash("main-1-run-1", 1));

        var error = Assert.Throws<DeploymentRunFailedException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment)));

        Assert.Equal(DeploymentRunFailureCause.Crashed, error.Cause);
        Assert.Equal(DeploymentCrashKind.OutOfMemory, error.Crash!.Kind);
        Assert.Equal("Sub Flow1/sub-flow1-deployment crashed: OOM at 1024 MiB (exit 137, OutOfMemoryError: Container killed due to memory usage)", error.Message);
        Assert.Single(ecs.Starts);
        var stop = Assert.Single(ecs.Stops);
        Assert.Equal(("main-1-run-1", (string?)null), (stop.RunId, stop.TaskArn));
    }

    [Fact]
    public void Crash_retry_starts_a_new_task_for_the_same_child_with_the_larger_override_and_ignores_the_old_task_reports()
    {
        var (context, ecs) = Parent();
        var events = "DeploymentRunCompleted:main-1-run-1";
        context.RaiseAt(TimeSpan.FromSeconds(2), events, Crash("main-1-run-1", 1));
        context.RaiseAt(TimeSpan.FromSeconds(3), events, Crash("main-1-run-1", 1));
        context.RaiseAt(TimeSpan.FromSeconds(4), events, Completed("main-1-run-1", """{"Flow":"Sub Flow1","Tasks":["a","b"]}"""));
        var options = new DeploymentRunOptions
        {
            CrashRetry = new DeploymentCrashRetryPolicy { MaxAttempts = 2, RetryOverrides = new InfraOverrides { Memory = 2048 } },
        };

        var output = context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment, options: options));

        Assert.Equal(["a", "b"], output!.Tasks);
        Assert.Equal([(1, null), (2, (int?)2048)], ecs.Starts.Select(s => (s.Attempt, s.Overrides?.Memory)));
        Assert.All(ecs.Starts, s => Assert.Equal(("main-1-run-1", ScriptedOrchestrationContext.Start), (s.RunId, s.RequestedAt)));
    }

    [Fact]
    public void Memory_increment_grows_from_the_memory_the_crashed_task_had()
    {
        var (context, ecs) = Parent();
        context.RaiseAt(TimeSpan.FromSeconds(1), "DeploymentRunCompleted:main-1-run-1", Crash("main-1-run-1", 1));
        context.RaiseAt(TimeSpan.FromSeconds(2), "DeploymentRunCompleted:main-1-run-1", Crash("main-1-run-1", 2, memory: 2048));
        context.RaiseAt(TimeSpan.FromSeconds(3), "DeploymentRunCompleted:main-1-run-1", Completed("main-1-run-1", "null"));
        var options = new DeploymentRunOptions { CrashRetry = new DeploymentCrashRetryPolicy { MaxAttempts = 3, MemoryIncrementMiB = 1024 } };

        context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment, options: options));

        Assert.Equal([null, 2048, (int?)3072], ecs.Starts.Select(s => s.Overrides?.Memory));
    }

    [Fact]
    public void A_task_someone_stopped_is_not_retried_by_default()
    {
        var (context, ecs) = Parent();
        context.RaiseAt(TimeSpan.FromSeconds(1), "DeploymentRunCompleted:main-1-run-1", Crash("main-1-run-1", 1, DeploymentCrashKind.UserInitiated));
        var options = new DeploymentRunOptions { CrashRetry = new DeploymentCrashRetryPolicy { MaxAttempts = 3 } };

        var error = Assert.Throws<DeploymentRunFailedException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment, options: options)));

        Assert.Equal(DeploymentCrashKind.UserInitiated, error.Crash!.Kind);
        Assert.Single(ecs.Starts);
    }

    [Fact]
    public void Reconciliation_finds_a_crash_whose_event_was_lost()
    {
        var (context, ecs) = Parent();
        ecs.OnReconcile = r => context.Now >= ScriptedOrchestrationContext.Start.AddSeconds(30) ? Crash(r.RunId, 1) : null;
        var options = new DeploymentRunOptions { ReconciliationInterval = TimeSpan.FromSeconds(10) };

        var error = Assert.Throws<DeploymentRunFailedException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment, options: options)));

        Assert.Equal(DeploymentRunFailureCause.Crashed, error.Cause);
        Assert.Equal([10, 20, 30], context.ActivityCalls.Where(c => c.Name == DeploymentActivityNames.Reconcile)
            .Select(c => (int)(c.At - ScriptedOrchestrationContext.Start).TotalSeconds));
        Assert.All(ecs.Reconciles, r => Assert.Equal(TaskArn(1), r.TaskArn));
    }

    [Fact]
    public void Timeout_stops_the_task_and_terminates_the_run()
    {
        var (context, ecs) = Parent();
        var options = new DeploymentRunOptions { Timeout = TimeSpan.FromMinutes(5), ReconciliationInterval = TimeSpan.FromMinutes(1) };

        var error = Assert.Throws<DeploymentRunFailedException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment, options: options)));

        Assert.Equal(DeploymentRunFailureCause.TimedOut, error.Cause);
        Assert.Equal("Sub Flow1/sub-flow1-deployment timed out after 00:05:00 waiting for the flow to finish; its task was stopped and run 'main-1-run-1' terminated.", error.Message);
        Assert.Equal(ScriptedOrchestrationContext.Start.AddMinutes(5), context.Now);
        Assert.Equal(4, ecs.Reconciles.Count);
        var stop = Assert.Single(ecs.Stops);
        Assert.Equal((TaskArn(1), "main-1-run-1"), (stop.TaskArn, stop.RunId));
    }

    [Fact]
    public void Child_failure_surfaces_with_the_child_details()
    {
        var (context, _) = Parent();
        context.RaiseAt(TimeSpan.FromSeconds(1), "DeploymentRunCompleted:main-1-run-1", new DeploymentRunCompletion
        {
            InstanceId = "main-1-run-1",
            RuntimeStatus = "Failed",
            FailureDetails = new DeploymentRunChildFailure { ErrorType = "System.InvalidOperationException", ErrorMessage = "task b broke" },
        });

        var error = Assert.Throws<DeploymentRunFailedException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment)));

        Assert.Equal(DeploymentRunFailureCause.ChildFailed, error.Cause);
        Assert.Equal("task b broke", error.ChildFailure!.ErrorMessage);
        Assert.Equal("Sub Flow1/sub-flow1-deployment failed: System.InvalidOperationException: task b broke", error.Message);
    }

    [Fact]
    public void Capacity_shortage_is_retried_on_durable_timers_with_a_new_client_token_each_time()
    {
        var (context, ecs) = Parent();
        ecs.OnStart = r => r.Launch < 3
            ? new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.CapacityShortage, Reason = "RESOURCE:MEMORY" }
            : Ecs.Launched(r, 512, 1024);
        context.RaiseAt(TimeSpan.FromSeconds(31), "DeploymentRunCompleted:main-1-run-1", Completed("main-1-run-1", "null"));

        context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment));

        Assert.Equal([1, 2, 3], ecs.Starts.Select(s => s.Launch));
        Assert.Equal([0, 10, 30], context.ActivityCalls.Where(c => c.Name == DeploymentActivityNames.Start)
            .Select(c => (int)(c.At - ScriptedOrchestrationContext.Start).TotalSeconds));
    }

    [Fact]
    public void Other_launch_failures_fail_the_run_with_the_reason()
    {
        var (context, ecs) = Parent();
        ecs.OnStart = _ => new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.LaunchFailed, Reason = "MISSING (cluster default not found)" };

        var error = Assert.Throws<DeploymentRunFailedException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>(Deployment)));

        Assert.Equal(DeploymentRunFailureCause.LaunchFailed, error.Cause);
        Assert.Equal("Sub Flow1/sub-flow1-deployment: ECS did not start the task after 1 RunTask call(s): MISSING (cluster default not found)", error.Message);
        Assert.Null(Assert.Single(ecs.Stops).TaskArn);
    }

    [Fact]
    public void A_rejected_deployment_throws_the_configuration_error()
    {
        var (context, ecs) = Parent();
        ecs.OnStart = _ => new StartDeploymentRunResult { Outcome = StartDeploymentRunOutcome.Rejected, Reason = "Unknown deployment 'Nope/x'; ..." };

        var error = Assert.Throws<DeploymentConfigurationException>(() => context.Run(() => context.RunDeploymentAsync<FlowOutput>("Nope/x")));

        Assert.Equal("Unknown deployment 'Nope/x'; ...", error.Message);
    }
}
