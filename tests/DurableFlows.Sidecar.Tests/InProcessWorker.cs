using DurableFlows.Sidecar.TestWorker;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DurableFlows.Sidecar.Tests;

/// <summary>A .NET Durable Task worker and client in this process, connected to the sidecar over gRPC.</summary>
public sealed class InProcessWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly GrpcChannel _channel;

    private InProcessWorker(IHost host, GrpcChannel channel)
    {
        _host = host;
        _channel = channel;
    }

    /// <summary>Gets the client, whose calls carry the same queue metadata as the worker's.</summary>
    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Starts a worker on <paramref name="queue"/> (null: no metadata, the default queue).</summary>
    public static async Task<InProcessWorker> StartAsync(Uri address, string? queue, Action<DurableTaskRegistry> register, bool filters = false)
    {
        var channel = GrpcChannel.ForAddress(address);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(register);
            worker.UseGrpc(grpc =>
            {
                grpc.Channel = channel;
                if (queue is not null)
                {
                    grpc.Interceptors.Add(new QueueMetadata(queue));
                }
            });
            if (filters)
            {
                worker.UseWorkItemFilters();
            }
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(grpc => grpc.Channel = channel));
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessWorker(host, channel);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _channel.Dispose();
    }
}
