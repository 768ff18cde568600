using System.Collections.Concurrent;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Emulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Deployments.Tests;

/// <summary>The ECS launcher against the local ECS emulator, over the wire: what the run logic sees of real tasks.</summary>
public sealed class EcsClientTaskLauncherTests : IAsyncLifetime
{
    // Touches ~700 MB at once against a 512 MiB task (the smallest Fargate memory for 256 CPU units).
    private static readonly string[] AllocateTooMuch = ["python3", "-c", "x = b'x' * 700_000_000; print('survived')"];
    private static readonly string[] SleepLong = ["sleep", "30"];

    private readonly EcsEmulator _emulator = new(new EcsEmulatorOptions { StopTimeout = TimeSpan.FromSeconds(2) });
    private readonly EcsClientTaskLauncher _launcher = new(NullLoggerFactory.Instance, TimeProvider.System);
    private readonly ConcurrentQueue<string> _events = new();
    private EcsEventSubscription? _subscription;
    private Task? _reading;
    private WorkPool _pool = null!;

    public async Task InitializeAsync()
    {
        var address = await _emulator.StartAsync("http://127.0.0.1:0");
        _subscription = _emulator.Subscribe();
        _reading = Task.Run(async () =>
        {
            await foreach (var change in _subscription.Events.ReadAllAsync())
            {
                _events.Enqueue(change.ToJson());
            }
        });
        _pool = new WorkPool { Name = "local", Type = WorkPoolType.Local, TaskDefinition = "durableflows-runner", ServiceUrl = address };
    }

    public async Task DisposeAsync()
    {
        _launcher.Dispose();
        await _emulator.DisposeAsync();
        _subscription?.Dispose();
        await _reading!;
    }

    private async Task RegisterAsync(string[] command)
    {
        using var client = new DurableFlows.Aws.Ecs.EcsClient(new DurableFlows.Aws.Ecs.EcsClientOptions
        {
            ServiceUrl = _pool.ServiceUrl,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        });
        await client.RegisterTaskDefinitionAsync(new RegisterTaskDefinitionRequest
        {
            Family = "durableflows-runner",
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions = [new ContainerDefinition { Name = "runner", Image = "durableflows/runner", Command = command, Essential = true }],
        });
    }

    private static EcsLaunchRequest Launch(string runId, int cpu = 512, int memory = 1024) => new()
    {
        ClientToken = DeploymentRunNames.ClientToken(runId, 1, 1),
        Cpu = cpu,
        Memory = memory,
        StartedBy = DeploymentRunNames.StartedBy(runId),
        Env = new Dictionary<string, string> { [DeploymentRunnerEnvironment.InstanceIdVariable] = runId, ["Pipeline__TaskSeconds"] = "0.01" },
        Tags = new Dictionary<string, string> { ["durableflows:run"] = runId },
    };

    private async Task<EcsTaskSnapshot> StoppedAsync(string taskArn)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = Assert.Single(await _launcher.DescribeTasksAsync(_pool, [taskArn], patience.Token));
            if (task.IsStopped)
            {
                return task;
            }

            await Task.Delay(20, patience.Token);
        }
    }

    [Fact]
    public async Task RunTask_is_idempotent_by_client_token_and_carries_size_and_env()
    {
        await RegisterAsync(SleepLong);

        var first = await _launcher.RunTaskAsync(_pool, Launch("p-run-1"), CancellationToken.None);
        var again = await _launcher.RunTaskAsync(_pool, Launch("p-run-1"), CancellationToken.None);
        var listed = await _launcher.ListTasksAsync(_pool, DeploymentRunNames.StartedBy("p-run-1"), CancellationToken.None);
        var task = Assert.Single(await _launcher.DescribeTasksAsync(_pool, [first.TaskArn!], CancellationToken.None));

        Assert.Empty(first.Failures);
        Assert.Equal(first.TaskArn, again.TaskArn);
        Assert.Equal([first.TaskArn!], listed);
        Assert.Equal((512, 1024), (task.Cpu, task.Memory));
        Assert.Equal(("p-run-1", "runner"), task.DeploymentRun);
        await _launcher.StopTaskAsync(_pool, first.TaskArn!, "test over", CancellationToken.None);
        Assert.Equal(DeploymentCrashKind.UserInitiated, DeploymentCrashClassifier.Classify(await StoppedAsync(first.TaskArn!), "runner").Kind);
    }

    [Fact]
    public async Task A_task_over_its_memory_is_classified_out_of_memory_from_DescribeTasks_and_from_its_events()
    {
        await RegisterAsync(AllocateTooMuch);

        var launched = await _launcher.RunTaskAsync(_pool, Launch("p-run-2", cpu: 256, memory: 512), CancellationToken.None);
        var stopped = await StoppedAsync(launched.TaskArn!);
        var crash = DeploymentCrashClassifier.Classify(stopped, "runner");

        Assert.Equal("OOM at 512 MiB (exit 137, OutOfMemoryError: Container killed due to memory usage)", crash.Describe());
        var seen = new TaskStateChangeDeduplicator(TimeProvider.System);
        var fromEvents = _events.Select(TaskStateChangeEvent.Parse).OfType<EcsTaskSnapshot>()
            .Where(t => t.TaskArn == launched.TaskArn && seen.IsNew(t.TaskArn, t.Version))
            .ToList();
        Assert.Equal("STOPPED", fromEvents[^1].LastStatus);
        Assert.Equal(crash, DeploymentCrashClassifier.Classify(fromEvents[^1], fromEvents[^1].DeploymentRun!.Value.ContainerName));
    }

    [Fact]
    public async Task A_refused_RunTask_comes_back_as_a_failure_with_the_ECS_reason()
    {
        var result = await _launcher.RunTaskAsync(_pool with { Cluster = "nowhere" }, Launch("p-run-3"), CancellationToken.None);

        Assert.Null(result.TaskArn);
        var failure = Assert.Single(result.Failures);
        Assert.False(failure.IsCapacityShortage);
        Assert.Equal("ClusterNotFoundException", failure.Reason);
    }
}
