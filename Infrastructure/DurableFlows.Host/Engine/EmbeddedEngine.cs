using DurableFlows.Sidecar;
using DurableFlows.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host.Engine;

/// <summary>
/// Storage backend, sidecar and a worker in one process: what <c>durableflows run</c> and <c>serve</c>
/// start on the embedded defaults.
/// </summary>
public sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly SidecarServer _sidecar;
    private readonly WorkerHost? _worker;
    private readonly LocalDeployments? _deployments;
    private readonly FlowStorage? _storage;

    private EmbeddedEngine(OrchestrationBackend backend, SidecarServer sidecar, WorkerHost? worker, LocalDeployments? deployments, FlowStorage? storage)
    {
        Backend = backend;
        _sidecar = sidecar;
        _worker = worker;
        _deployments = deployments;
        _storage = storage;
    }

    /// <summary>Gets the code storage of <c>durableFlows.storage</c>; only an engine started with workers opens it.</summary>
    public FlowStorage Storage => _storage ?? throw new InvalidOperationException("This engine runs the sidecar alone; it opens no code storage.");

    /// <summary>Gets the storage backend.</summary>
    public OrchestrationBackend Backend { get; }

    /// <summary>Gets the sidecar's address.</summary>
    public Uri SidecarAddress => _sidecar.Address;

    /// <summary>Gets a client of the engine. Only an engine started with workers has one.</summary>
    public DurableTaskClient Client => _worker?.Client ?? throw new InvalidOperationException("This engine runs the sidecar alone; connect a client to its address.");

    /// <summary>Starts the backend and the sidecar, and a worker unless <paramref name="withWorker"/> is false.</summary>
    public static async Task<EmbeddedEngine> StartAsync(
        EngineSettings settings,
        FlowCatalog catalog,
        IConfiguration configuration,
        ILoggerFactory loggerFactory,
        bool withWorker,
        CancellationToken cancellationToken,
        TextWriter? showTasks = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var storage = withWorker ? FlowStorage.Open(settings, loggerFactory) : null;
        var deployments = withWorker
            ? await LocalDeployments.StartAsync(configuration, settings, catalog, loggerFactory, showTasks, cancellationToken).ConfigureAwait(false)
            : null;
        var backend = settings.CreateBackend(loggerFactory);
        var sidecar = await SidecarServer.StartAsync(
            backend,
            new SidecarOptions { Address = settings.SidecarAddress },
            loggerFactory,
            deployments?.Authorizer,
            purgeListener: storage is null ? null : new PurgedInstancePayloads(storage.Payloads),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!withWorker)
        {
            return new EmbeddedEngine(backend, sidecar, worker: null, deployments: null, storage: null);
        }

        try
        {
            var worker = await WorkerHost.StartAsync(
                new WorkerHostOptions
                {
                    SidecarAddress = sidecar.Address,
                    Catalog = catalog,
                    Configuration = configuration,
                    MaxConcurrentActivities = settings.MaxConcurrentActivities,
                    MaxConcurrentOrchestrations = settings.MaxConcurrentOrchestrations,
                    Payloads = storage!.Payloads,
                    ConfigureServices = deployments is null ? null : services => deployments.ConfigureServices(services, sidecar.Address, storage, loggerFactory),
                    RegisterTasks = deployments is null ? null : LocalDeployments.RegisterTasks,
                },
                loggerFactory,
                cancellationToken).ConfigureAwait(false);
            return new EmbeddedEngine(backend, sidecar, worker, deployments, storage);
        }
        catch
        {
            await sidecar.DisposeAsync().ConfigureAwait(false);
            if (deployments is not null)
            {
                await deployments.DisposeAsync().ConfigureAwait(false);
            }

            storage?.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync().ConfigureAwait(false);
        }

        if (_deployments is not null)
        {
            await _deployments.DisposeAsync().ConfigureAwait(false);
        }

        await _sidecar.DisposeAsync().ConfigureAwait(false);
        await Backend.Service.StopAsync().ConfigureAwait(false);
        (Backend.Service as IDisposable)?.Dispose();
        _storage?.Dispose();
    }
}
