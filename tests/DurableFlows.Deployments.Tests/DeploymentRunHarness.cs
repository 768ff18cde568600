using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// A parent flow <c>Parent</c> that runs one deployment, a child <c>Sub Flow1</c> that waits forever, and the
/// run activities with their dependencies, on the SDK and Microsoft's in-process gRPC sidecar, over an ECS ledger.
/// </summary>
internal sealed class DeploymentRunHarness : IAsyncDisposable
{
    public const string Deployment = "Sub Flow1/sub-flow1-deployment";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private DurableTaskTestHost? _host;

    public RecordingEcs Ecs { get; } = new();

    public DeploymentRunTokens Tokens { get; } = new("a host secret of enough bytes"u8);

    public DurableTaskClient Client => _host!.Client;

    public IServiceProvider Services => _host!.Services;

    public TaskStateChangeListener Listener => new(
        [], Client, new TaskStateChangeDeduplicator(TimeProvider.System), TimeProvider.System, NullLogger<TaskStateChangeListener>.Instance);

    public static async Task<DeploymentRunHarness> StartAsync(DeploymentRunOptions options, string deployment = Deployment)
    {
        var harness = new DeploymentRunHarness();
        var registry = new DeploymentRegistry(
            [new WorkPool { Name = "local", Type = WorkPoolType.Local, TaskDefinition = "durableflows-runner" }],
            [new Deployment { Name = Deployment, WorkPool = "local", InfraOverrides = new InfraOverrides { Cpu = 512, Memory = 1024 } }]);
        harness._host = await DurableTaskTestHost.StartAsync(
            tasks =>
            {
                tasks.AddOrchestratorFunc<string?, string?>("Parent", (context, _) => context.RunDeploymentAsync<string>(deployment, "input", options));
                // The child never finishes by itself: these tests are about its task stopping or the parent giving up.
                tasks.AddOrchestratorFunc<string?, string>("Sub Flow1", (context, _) => context.WaitForExternalEvent<string>("never"));
                tasks.AddDeploymentActivities();
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton(registry);
                    services.AddSingleton<IEcsTaskLauncher>(harness.Ecs);
                    services.AddSingleton(harness.Tokens);
                    services.AddSingleton(new DeploymentHostSettings { SidecarAddress = new Uri("http://127.0.0.1:4001") });
                    // The test host registers the DurableTaskClient the activities use.
                    services.AddSingleton<DeploymentRunTerminator>();
                    services.AddLogging();
                },
            });
        return harness;
    }

    public async Task<EcsLaunchRequest> FirstLaunchAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        EcsLaunchRequest? launch;
        while (!Ecs.RunTaskCalls.TryPeek(out launch))
        {
            await Task.Delay(10, patience.Token);
        }

        return launch;
    }

    public async Task<OrchestrationMetadata> FinishedAsync(string instanceId)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, patience.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
