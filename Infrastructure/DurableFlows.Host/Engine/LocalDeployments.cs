using System.Runtime.CompilerServices;
using Amazon.Runtime;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Deployments;
using DurableFlows.Emulator;
using DurableFlows.Sidecar;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host.Engine;

/// <summary>
/// Deployment runs inside the embedded engine: the registry from host.json, the run tokens the sidecar
/// checks, and, for <c>local</c> work pools, the ECS emulator started in-process with the runner's task
/// definition registered. Task state changes reach the host as EventBridge events would: from the
/// emulator in-process, and from the SQS queue of each <c>ecs</c> pool that names one.
/// </summary>
public sealed class LocalDeployments : IAsyncDisposable
{
    private readonly EcsEmulator? _emulator;
    private readonly EcsEventSubscription? _events;
    private readonly EcsEventSubscription? _shown;
    private readonly Task _showing = Task.CompletedTask;

    private LocalDeployments(DeploymentRegistry registry, DeploymentRunTokens tokens, IWorkerAuthorizer authorizer, EcsEmulator? emulator, TextWriter? show)
    {
        Registry = registry;
        Tokens = tokens;
        Authorizer = authorizer;
        _emulator = emulator;
        if (emulator is not null)
        {
            _events = emulator.Subscribe();
            if (show is not null)
            {
                _shown = emulator.Subscribe();
                _showing = ShowTasksAsync(_shown, show);
            }
        }
    }

    /// <summary>Gets the deployments from host.json.</summary>
    public DeploymentRegistry Registry { get; }

    /// <summary>Gets the run tokens.</summary>
    public DeploymentRunTokens Tokens { get; }

    /// <summary>Gets the authorizer that opens each run queue to its own token only.</summary>
    public IWorkerAuthorizer Authorizer { get; }

    /// <summary>Reads <c>durableFlows.deployments</c>; null when there are none.</summary>
    public static async Task<LocalDeployments?> StartAsync(
        IConfiguration configuration, EngineSettings settings, FlowCatalog catalog, ILoggerFactory loggerFactory, TextWriter? show, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var baseDirectory = settings.BaseDirectory;
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var section = configuration.GetSection("durableFlows");
        if (!section.GetSection("deployments").GetChildren().Any())
        {
            return null;
        }

        var registry = DeploymentRegistry.FromConfiguration(section);
        registry.CheckFlows(catalog.FlowNames);
        var tokens = DeploymentRunTokens.FromSecret(section["runTokenSecret"], Path.Combine(baseDirectory, ".durableflows", "run-token.key"));
        var authorizer = new DeploymentRunAuthorizer(tokens, loggerFactory.CreateLogger<DeploymentRunAuthorizer>());

        var local = registry.WorkPools.Values.FirstOrDefault(p => p.Type == WorkPoolType.Local);
        EcsEmulator? emulator = null;
        if (local is not null)
        {
            var logger = loggerFactory.CreateLogger("DurableFlows.Runner");
            emulator = new EcsEmulator(
                new EcsEmulatorOptions { StopTimeout = TimeSpan.FromSeconds(5), ContainerOutput = line => logger.LogRunnerOutput(ShortArn(line.TaskArn), line.Line) },
                loggerFactory);
            var address = await emulator.StartAsync((local.ServiceUrl ?? new Uri(EcsEmulatorOptions.DefaultAddress)).ToString(), cancellationToken).ConfigureAwait(false);
            await RegisterRunnerAsync(address, local, settings.ConfigPath, cancellationToken).ConfigureAwait(false);
        }

        return new LocalDeployments(registry, tokens, authorizer, emulator, show);
    }

    /// <summary>Adds the deployment services to a worker process that can reach the sidecar at <paramref name="sidecarAddress"/>.</summary>
    public void ConfigureServices(IServiceCollection services, Uri sidecarAddress, FlowStorage storage, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddDeploymentRuns(Registry, Tokens, new DeploymentHostSettings { SidecarAddress = sidecarAddress });
        services.AddSingleton<IDeploymentBundleResolver>(new CodeStorageBundleResolver(storage.Manifests));
        services.AddSingleton<IEcsTaskLauncher>(new EcsClientTaskLauncher(loggerFactory, TimeProvider.System));
        if (_events is not null)
        {
            services.AddSingleton<ITaskStateChangeSource>(new TaskStateChangeStream(Bodies(_events)));
        }

        // ECS pools hear of their tasks through the SQS queue their EventBridge rule fills; the parent's
        // reconciliation timer stays the fallback for a pool without one, or an event that is lost.
        foreach (var pool in Registry.WorkPools.Values.Where(p => p.EventsQueueUrl is not null).DistinctBy(p => p.EventsQueueUrl))
        {
            services.AddSingleton<ITaskStateChangeSource>(_ => SqsTaskStateChangeSource.ForPool(pool));
        }
    }

    /// <summary>Registers the activities that start, stop and reconcile runs.</summary>
    public static void RegisterTasks(DurableTaskRegistry registry) => registry.AddDeploymentActivities();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _events?.Dispose();
        _shown?.Dispose();
        await _showing.ConfigureAwait(false);
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task RegisterRunnerAsync(Uri address, WorkPool pool, string? configPath, CancellationToken cancellationToken)
    {
        using var ecs = new EcsClient(new EcsClientOptions { ServiceUrl = address, Region = pool.Region ?? "us-east-1", Credentials = new BasicAWSCredentials("test", "test") });
        await ecs.RegisterTaskDefinitionAsync(
            new RegisterTaskDefinitionRequest
            {
                Family = pool.TaskDefinition,
                Cpu = pool.Cpu.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Memory = pool.Memory.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ContainerDefinitions =
                [
                    new ContainerDefinition
                    {
                        Name = pool.ContainerName,
                        Image = "durableflows/runner",
                        // The runner reads the host's own host.json: the same code storage and payload threshold.
                        Command = configPath is null
                            ? ["dotnet", typeof(LocalDeployments).Assembly.Location, "runner"]
                            : ["dotnet", typeof(LocalDeployments).Assembly.Location, "runner", "--config", configPath],
                        Essential = true,
                    },
                ],
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<string> Bodies(EcsEventSubscription events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var change in events.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return change.ToJson();
        }
    }

    // The main job shows each ECS task as it starts and stops, with the cpu and memory it was given.
    private static async Task ShowTasksAsync(EcsEventSubscription events, TextWriter show)
    {
        try
        {
            await foreach (var change in events.Events.ReadAllAsync().ConfigureAwait(false))
            {
                var task = change.Detail;
                if (task?.LastStatus is "RUNNING" or "STOPPED")
                {
                    var exit = task.LastStatus == "STOPPED" ? $", exit {task.Containers?.FirstOrDefault()?.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, {task.StopCode}" : string.Empty;
                    await show.WriteLineAsync($"ecs task {ShortArn(task.TaskArn)} {task.LastStatus,-7} cpu {task.Cpu} memory {task.Memory} ({task.Group ?? task.StartedBy}){exit}").ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The subscription was disposed.
        }
    }

    private static string ShortArn(string? arn) => arn is null ? "?" : arn[(arn.LastIndexOf('/') + 1)..][..Math.Min(8, arn.Length - arn.LastIndexOf('/') - 1)];
}
