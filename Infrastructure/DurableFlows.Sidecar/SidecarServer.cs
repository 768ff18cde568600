using System.Net;
using DurableFlows.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Sidecar;

/// <summary>
/// Hosts a <see cref="TaskHubSidecar"/> on Kestrel, HTTP/2 without TLS (h2c), on one address: the
/// embedded sidecar of <c>durableflows run</c> and <c>serve</c>, and the standalone <c>durableflows sidecar</c>.
/// </summary>
public sealed class SidecarServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskHubSidecar _sidecar;

    private SidecarServer(WebApplication app, TaskHubSidecar sidecar, Uri address)
    {
        _app = app;
        _sidecar = sidecar;
        Address = address;
    }

    /// <summary>Gets the address the sidecar listens on, with the real port when port 0 was asked for.</summary>
    public Uri Address { get; }

    /// <summary>Starts the backend and the sidecar.</summary>
    /// <param name="backend">The storage backend.</param>
    /// <param name="options">The sidecar's settings.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="authorizer">Decides which workers may connect; all by default.</param>
    /// <param name="time">The clock; the system's by default.</param>
    /// <param name="purgeListener">Told which instances each purge removed.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SidecarServer> StartAsync(
        OrchestrationBackend backend,
        SidecarOptions options,
        ILoggerFactory loggerFactory,
        IWorkerAuthorizer? authorizer = null,
        TimeProvider? time = null,
        IInstancePurgeListener? purgeListener = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = ToEndPoint(options.Address);
        await backend.Service.CreateIfNotExistsAsync().ConfigureAwait(false);
        await backend.Service.StartAsync().ConfigureAwait(false);

        // An empty builder: the sidecar is configured by its options alone. The slim builder would read
        // appsettings.json from the working directory and watch that whole tree for changes, so every
        // write to a database file under it woke a file watcher (6.8 % of the CPU in one profile).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2));
        var sidecar = new TaskHubSidecar(backend, options, authorizer ?? new AllowAllWorkers(), time ?? TimeProvider.System, loggerFactory, purgeListener);
        builder.Services.AddDurableTaskSidecar(sidecar, options);

        var app = builder.Build();
        app.MapDurableTaskSidecar();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await sidecar.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"The sidecar cannot listen on {options.Address}: {e.Message}. Is another durableflows process using it? Set durableFlows.sidecar.address to a free address, or port 0 for any.", e);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new UriBuilder(bound) { Host = options.Address.Host }.Uri;
        loggerFactory.CreateLogger<SidecarServer>().Listening(address.ToString(), backend.Type);
        return new SidecarServer(app, sidecar, address);
    }

    /// <summary>Stops the sidecar; work items still held by workers are handed back to the store.</summary>
    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            await _sidecar.DisposeAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IPEndPoint ToEndPoint(Uri address)
    {
        if (address.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"Sidecar address '{address}' is not valid; expected http://host:port (the sidecar speaks h2c).", nameof(address));
        }

        var ip = address.Host is "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(address.Host, out var parsed) ? parsed
            : throw new ArgumentException($"Sidecar address '{address}' is not valid; expected an IP address or localhost as host.", nameof(address));
        return new IPEndPoint(ip, address.Port);
    }
}
