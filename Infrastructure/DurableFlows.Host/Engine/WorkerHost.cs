using DurableFlows.Bundles;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host.Engine;

/// <summary>
/// A Durable Task worker and client connected to a sidecar over gRPC: the part of a process that runs
/// the user's flows. The embedded engine, <c>serve</c> and the deployment runner all use it.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly GrpcChannel _channel;

    private WorkerHost(IHost host, GrpcChannel channel)
    {
        _host = host;
        _channel = channel;
    }

    /// <summary>Gets the client, for starting and reading instances.</summary>
    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Starts a worker and a client against the sidecar.</summary>
    public static async Task<WorkerHost> StartAsync(WorkerHostOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var channel = GrpcChannel.ForAddress(options.SidecarAddress, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            LoggerFactory = loggerFactory,
        });
        var metadata = new WorkerMetadataInterceptor(options.Queue, options.RunToken);
        var offloading = options.Payloads is { } payloads ? new PayloadOffloadingInterceptor(payloads) : null;
        Interceptor[] interceptors = offloading is null ? [metadata] : [metadata, offloading];

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(options.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        options.ConfigureServices?.Invoke(builder.Services);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry =>
            {
                options.Catalog.Register(registry);
                options.RegisterTasks?.Invoke(registry);
            });
            worker.UseGrpc(grpc =>
            {
                grpc.Channel = channel;
                AddInterceptors(grpc.Interceptors, interceptors);
                if (offloading is not null || options.BeforeOrchestratorResponse is not null)
                {
                    // The worker refuses an orchestrator action over 3.9 MB before any interceptor sees it,
                    // so an orchestrator's large outputs and inputs are offloaded at this earlier hook.
                    grpc.SetOrchestratorResponsePreparation(async (response, cancellationToken) =>
                    {
                        if (offloading is not null)
                        {
                            await offloading.OffloadAsync(response, cancellationToken).ConfigureAwait(false);
                        }

                        if (options.BeforeOrchestratorResponse is { } before)
                        {
                            await before(response, cancellationToken).ConfigureAwait(false);
                        }
                    });
                }
            });
            worker.UseWorkItemFilters();
            worker.Configure(o =>
            {
                if (options.MaxConcurrentActivities is { } activities)
                {
                    o.Concurrency.MaximumConcurrentActivityWorkItems = activities;
                }

                if (options.MaxConcurrentOrchestrations is { } orchestrations)
                {
                    o.Concurrency.MaximumConcurrentOrchestrationWorkItems = orchestrations;
                }
            });
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(grpc =>
        {
            grpc.Channel = channel;
            AddInterceptors(grpc.Interceptors, interceptors);
        }));

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new WorkerHost(host, channel);
    }

    private static void AddInterceptors(IList<Interceptor> target, IEnumerable<Interceptor> interceptors)
    {
        foreach (var interceptor in interceptors)
        {
            target.Add(interceptor);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            _channel.Dispose();
        }
    }
}
