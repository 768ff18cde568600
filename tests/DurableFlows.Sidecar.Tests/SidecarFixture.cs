using DurableFlows.Storage;
using DurableFlows.Storage.Memory;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Sidecar.Tests;

/// <summary>
/// One sidecar over the memory backend on a random loopback port, with a worker and a client on the
/// default queue that run <see cref="Flows"/>. Tests that need other workers start their own on their
/// own queues, so they never take each other's work.
/// </summary>
public sealed class SidecarFixture : IAsyncLifetime
{
    /// <summary>The lock timeout of the backend: a lost worker's work must move long before it.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    private MemoryOrchestrationService? _service;
    private SidecarServer? _server;
    private InProcessWorker? _worker;

    /// <summary>Gets the sidecar's address.</summary>
    public Uri Address => _server!.Address;

    /// <summary>Gets a client on the default queue.</summary>
    public DurableTaskClient Client => _worker!.Client;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _service = new MemoryOrchestrationService(new MemoryOrchestrationServiceOptions { LockTimeout = LockTimeout });
        _server = await SidecarServer.StartAsync(
            new OrchestrationBackend("memory", _service),
            new SidecarOptions { Address = new Uri("http://127.0.0.1:0") },
            NullLoggerFactory.Instance);
        _worker = await InProcessWorker.StartAsync(Address, queue: null, Flows.Register);
    }

    /// <summary>Starts another in-process worker (and client) on a queue.</summary>
    public Task<InProcessWorker> StartWorkerAsync(string? queue, Action<Microsoft.DurableTask.DurableTaskRegistry> register, bool filters = false) =>
        InProcessWorker.StartAsync(Address, queue, register, filters);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _service?.Dispose();
    }
}
