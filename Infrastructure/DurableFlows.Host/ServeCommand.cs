using DurableFlows.Host.Engine;
using DurableFlows.Http;
using DurableFlows.Orchestrations.Starters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host;

/// <summary>
/// <c>durableflows serve</c>: the Durable Functions HTTP API, the sidecar and the workers in one process.
/// Ctrl-C stops the HTTP API first, then the worker, then the sidecar, which hands every work item still
/// held back to the store, so nothing in flight is lost.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string? configPath, string? urls, CancellationToken cancellationToken)
    {
        var (host, configuration, settings) = HostSettings.Load(configPath);
        var catalog = FlowCatalog.BuiltIn();
        var httpOptions = HttpApiOptions.From(host, catalog.FlowNames);
        using var loggerFactory = HostLogging.Create(configuration);
        await using var engine = await EmbeddedEngine.StartAsync(settings, catalog, configuration, loggerFactory, withWorker: true, cancellationToken).ConfigureAwait(false);

        // Configured from host.json alone; an empty builder neither reads appsettings.json nor watches the
        // working directory (where the database usually is) for changes to it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(engine.Client);
        builder.Services.AddDurableFlowsHttpApi(httpOptions);
        builder.Services.AddHttpStarter<TrainPipelineStarter>();
        builder.WebHost.UseUrls(urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. host.Http.Urls]);
        await using var app = builder.Build();
        app.MapDurableFlowsHttpApi();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"durableflows serve: HTTP API on {string.Join(", ", app.Urls)}, sidecar on {engine.SidecarAddress} (storage: {engine.Backend.Type}). Ctrl-C stops.");
        await Commands.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stopping.Token).ConfigureAwait(false);
        return 0;
    }
}
