using System.Net.Http.Json;
using System.Text.Json;
using DurableFlows.Orchestrations.Starters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using DurableFlows.Sidecar;
using DurableFlows.Storage;
using DurableFlows.Storage.Memory;
using Grpc.Net.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Http.Tests;

/// <summary>
/// The HTTP API on a real Kestrel server on a random loopback port, over our sidecar on the memory backend, with a
/// .NET worker and client connected to it over gRPC, as <c>durableflows serve</c> composes them.
/// </summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const string Key = "test-key-0123456789";
    public const string TaskHub = "TestHub";

    private OrchestrationBackend? _backend;
    private SidecarServer? _sidecar;
    private GrpcChannel? _channel;
    private IHost? _worker;
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public DurableTaskClient Client { get; private set; } = null!;

    public static IReadOnlySet<string> Orchestrations { get; } = new HashSet<string> { "Echo", "WaitForEvent", "Fail", "Work", "Main Flow" };

    public async Task InitializeAsync()
    {
        _backend = new OrchestrationBackend("memory", new MemoryOrchestrationService());
        _sidecar = await SidecarServer.StartAsync(
            _backend, new SidecarOptions { Address = new Uri("http://127.0.0.1:0") }, NullLoggerFactory.Instance);
        _channel = GrpcChannel.ForAddress(_sidecar.Address);
        var workerBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        workerBuilder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        workerBuilder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        workerBuilder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(_channel);

            // As the host does: the sidecar takes an empty filter list as "nothing", so the worker names what it runs.
            worker.UseWorkItemFilters();
            worker.AddTasks(registry =>
            {
                registry.AddOrchestratorFunc<JsonElement?, JsonElement?>("Echo", (_, input) => input);
                registry.AddOrchestratorFunc<JsonElement?, JsonElement?>("WaitForEvent", async (context, _) =>
                    await context.WaitForExternalEvent<JsonElement?>("Approve"));
                registry.AddOrchestratorFunc<JsonElement?, JsonElement?>("Fail", (_, _) =>
                    Task.FromException<JsonElement?>(new InvalidOperationException("The flow failed on purpose.")));
                registry.AddOrchestratorFunc<JsonElement?, string>("Work", async (context, _) =>
                    await context.CallActivityAsync<string>("Shout", "task a"));
                registry.AddActivityFunc<string, string>("Shout", (_, text) => text.ToUpperInvariant());
            });
        });
        workerBuilder.Services.AddDurableTaskClient(client => client.UseGrpc(_channel));
        _worker = workerBuilder.Build();
        await _worker.StartAsync();
        Client = _worker.Services.GetRequiredService<DurableTaskClient>();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Client);
        builder.Services.AddDurableFlowsHttpApi(new HttpApiOptions
        {
            ApiKeys = [Key, "second-key"],
            TaskHub = TaskHub,
            MaxRequestBodySize = 4096,
            Urls = ["http://127.0.0.1:0"],
            OrchestrationNames = Orchestrations,
        });
        builder.Services.AddHttpStarter<TrainPipelineStarter>();
        _app = builder.Build();
        _app.MapDurableFlowsHttpApi();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Add("x-functions-key", Key);
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Anonymous?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.StopAsync();
            _worker.Dispose();
        }

        _channel?.Dispose();
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }

        if (_backend is not null)
        {
            await _backend.Service.StopAsync();
            (_backend.Service as IDisposable)?.Dispose();
        }
    }

    /// <summary>Starts an orchestration through the built-in starter and returns the check-status payload.</summary>
    public async Task<JsonElement> StartAsync(string name, object? input, string? instanceId = null)
    {
        var path = $"/api/orchestrators/{Uri.EscapeDataString(name)}" + (instanceId is null ? string.Empty : "/" + instanceId);
        using var response = await Http.PostAsJsonAsync(path, input);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<OrchestrationMetadata> CompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async Task<OrchestrationMetadata> StartedAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }
}
