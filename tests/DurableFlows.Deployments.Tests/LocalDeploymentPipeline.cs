using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Emulator;
using DurableFlows.Host.Engine;
using DurableFlows.Sidecar;
using DurableFlows.Storage;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// The whole deployment path on one machine: the memory backend, our sidecar with the run token
/// authorizer, the local ECS emulator whose task command is <c>dotnet durableflows.dll runner</c>, and a
/// host worker on the default queue with the run activities, the task state change listener (fed by the
/// emulator's events) and the orphan sweeper.
/// </summary>
internal sealed class LocalDeploymentPipeline : IAsyncDisposable
{
    private readonly OrchestrationBackend _backend;
    private readonly SidecarServer _sidecar;
    private readonly EcsEmulator _emulator;
    private readonly EcsEventSubscription _events;
    private readonly IHost _host;
    private readonly GrpcChannel _channel;
    private readonly EcsClient _ecs;

    private LocalDeploymentPipeline(
        OrchestrationBackend backend, SidecarServer sidecar, EcsEmulator emulator, EcsEventSubscription events, IHost host, GrpcChannel channel, ConcurrentQueue<string> output, ConcurrentQueue<string> changes)
    {
        _ecs = RunnerTaskDefinition.EmulatorClient(emulator.Address);
        _backend = backend;
        _sidecar = sidecar;
        _emulator = emulator;
        _events = events;
        _host = host;
        _channel = channel;
        Output = output;
        Changes = changes;
    }

    public ConcurrentQueue<string> Output { get; }

    public ConcurrentQueue<string> Changes { get; }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<LocalDeploymentPipeline> StartAsync(Action<DurableTaskRegistry> parents)
    {
        var loggerFactory = NullLoggerFactory.Instance;
        var tokens = new DeploymentRunTokens("a host secret of enough bytes"u8);
        var backend = new EngineSettings
        {
            HubName = "deployments",
            StorageProvider = Configuration("""{ "type": "memory" }"""),
            BaseDirectory = Path.GetTempPath(),
        }.CreateBackend(loggerFactory);
        var sidecar = await SidecarServer.StartAsync(
            backend, new SidecarOptions { Address = new Uri("http://127.0.0.1:0") }, loggerFactory,
            new DeploymentRunAuthorizer(tokens, NullLogger<DeploymentRunAuthorizer>.Instance));

        var output = new ConcurrentQueue<string>();
        var emulator = new EcsEmulator(new EcsEmulatorOptions { StopTimeout = TimeSpan.FromSeconds(2), ContainerOutput = line => output.Enqueue(line.Line) });
        var ecsAddress = await emulator.StartAsync("http://127.0.0.1:0");
        var events = emulator.Subscribe();
        await RunnerTaskDefinition.RegisterAsync(ecsAddress);

        var registry = DeploymentRegistry.FromConfiguration(Configuration($$"""
            {
              "workPools": { "local": { "type": "local", "serviceUrl": "{{ecsAddress}}", "cpu": 256, "memory": 512, "env": { "Pipeline__TaskSeconds": "0.05" } } },
              "deployments": [
                { "name": "Sub Flow1/sub-flow1-deployment", "infraOverrides": { "cpu": 512, "memory": 1024 } },
                { "name": "Sub Flow2/sub-flow2-deployment", "infraOverrides": { "cpu": 1024, "memory": 2048 } },
                { "name": "Sub Flow3/sub-flow3-deployment", "infraOverrides": { "cpu": 2048, "memory": 4096 } },
                { "name": "Hungry Flow/hungry", "infraOverrides": { "cpu": 256, "memory": 512 } }
              ]
            }
            """));

        var changes = new ConcurrentQueue<string>();
        var channel = GrpcChannel.ForAddress(sidecar.Address);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<ILoggerFactory>(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddDeploymentRuns(registry, tokens, new DeploymentHostSettings { SidecarAddress = sidecar.Address });
        builder.Services.AddSingleton<IEcsTaskLauncher>(new EcsClientTaskLauncher(loggerFactory, TimeProvider.System));
        builder.Services.AddSingleton<ITaskStateChangeSource>(new TaskStateChangeStream(Bodies(events, changes)));
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(tasks =>
            {
                parents(tasks);
                tasks.AddOrchestrator<Orchestrations.MainFlow2>(Orchestrations.MainFlow2.Name);
                tasks.AddDeploymentActivities();
            });
            worker.UseGrpc(grpc => grpc.Channel = channel);
            worker.UseWorkItemFilters();
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(grpc => grpc.Channel = channel));
        var host = builder.Build();
        await host.StartAsync();
        return new LocalDeploymentPipeline(backend, sidecar, emulator, events, host, channel, output, changes);
    }

    /// <summary>Every task the emulator knows, running or stopped, as ECS describes it.</summary>
    public async Task<IReadOnlyList<EcsTaskSnapshot>> EcsTasksAsync()
    {
        var arns = new List<string>();
        foreach (var desired in new[] { EcsTaskStatus.Running, EcsTaskStatus.Stopped })
        {
            arns.AddRange((await _ecs.ListTasksAsync(new ListTasksRequest { DesiredStatus = desired })).TaskArns);
        }

        // A task that stops between the two calls is listed by both.
        arns = [.. arns.Distinct(StringComparer.Ordinal)];
        return arns.Count == 0 ? [] : [.. (await _ecs.DescribeTasksAsync(new DescribeTasksRequest { Tasks = arns })).Tasks.Select(EcsClientTaskLauncher.ToSnapshot)];
    }

    /// <summary>Waits until an output line of a runner contains <paramref name="text"/>.</summary>
    public async Task OutputContainsAsync(string text)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            await Task.Delay(20, patience.Token);
        }
    }

    public async Task<OrchestrationMetadata> FinishedAsync(string instanceId)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, patience.Token);
    }

    public async Task<OrchestrationMetadata> RunAsync(string flow, string instanceId, object? input = null, TimeSpan? patience = null)
    {
        await Client.ScheduleNewOrchestrationInstanceAsync(flow, input, new StartOrchestrationOptions(instanceId));
        using var wait = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, wait.Token);
    }

    /// <summary>
    /// Waits for the STOPPED events of <paramref name="count"/> tasks (a runner exits just after its flow
    /// ends, so the last one may come after the parent finished) and returns them, by ARN.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, EcsTaskSnapshot>> StoppedTasksAsync(int count)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (StoppedTasks().Count < count)
        {
            await Task.Delay(20, patience.Token);
        }

        return StoppedTasks();
    }

    private IReadOnlyDictionary<string, EcsTaskSnapshot> StoppedTasks() => Changes
        .Select(TaskStateChangeEvent.Parse)
        .OfType<EcsTaskSnapshot>()
        .Where(t => t.IsStopped)
        .GroupBy(t => t.TaskArn)
        .ToDictionary(g => g.Key, g => g.Last());

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _channel.Dispose();
        _ecs.Dispose();
        _events.Dispose();
        await _emulator.DisposeAsync();
        await _sidecar.DisposeAsync();
        await _backend.Service.StopAsync();
    }

    private static async IAsyncEnumerable<string> Bodies(
        EcsEventSubscription events, ConcurrentQueue<string> changes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var change in events.Events.ReadAllAsync(cancellationToken))
        {
            var body = change.ToJson();
            changes.Enqueue(body);
            yield return body;
        }
    }

    private static IConfigurationSection Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes($$"""{ "section": {{json}} }"""))).Build().GetSection("section");
}
