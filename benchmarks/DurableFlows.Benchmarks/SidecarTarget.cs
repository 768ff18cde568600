using DurableFlows.Sidecar;
using DurableFlows.Storage;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Benchmarks;

/// <summary>Our engine: a storage backend under our sidecar, with the .NET worker and client over gRPC on loopback.</summary>
internal sealed class SidecarTarget(string name, Func<OrchestrationBackend> createBackend, Func<(long Commits, long LogSyncs)?>? counters = null, Func<ValueTask>? disposed = null) : IBenchmarkTarget
{
    private SidecarServer? _sidecar;
    private IHost? _host;
    private GrpcChannel? _channel;

    public string Name => name;

    public (long Commits, long LogSyncs)? StorageCounters => counters?.Invoke();

    public async Task<DurableTaskClient> StartAsync(Action<DurableTaskRegistry> register, CancellationToken cancellationToken)
    {
        _sidecar = await SidecarServer.StartAsync(
            createBackend(),
            new SidecarOptions { Address = new Uri("http://127.0.0.1:0") },
            NullLoggerFactory.Instance,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _channel = GrpcChannel.ForAddress(_sidecar.Address);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(NullLoggerFactory.Instance);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(register);
            worker.UseGrpc(_channel);
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(_channel));
        _host = builder.Build();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        return _host.Services.GetRequiredService<DurableTaskClient>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync().ConfigureAwait(false);
            _host.Dispose();
        }

        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync().ConfigureAwait(false);
        }

        _channel?.Dispose();
        if (disposed is not null)
        {
            await disposed().ConfigureAwait(false);
        }
    }
}
