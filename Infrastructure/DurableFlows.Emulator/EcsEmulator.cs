using DurableFlows.Emulator.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Emulator;

/// <summary>
/// A local ECS: a Kestrel server that speaks ECS's JSON 1.1 protocol (RunTask, DescribeTasks, StopTask,
/// ListTasks, RegisterTaskDefinition, DescribeTaskDefinition) to any ECS client, checks SigV4 against a
/// local key pair, runs each task's container commands as local processes under the task's memory and
/// cpu limits, and emits "ECS Task State Change" events as EventBridge does. Runs embedded (this type)
/// or standalone (<c>durableflows ecs-emulator</c>).
/// </summary>
public sealed class EcsEmulator : IAsyncDisposable
{
    private readonly EcsEmulatorOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private WebApplication? _app;
    private EmulatedEcs? _ecs;
    private ResourceEnforcer? _enforcer;
    private Uri? _address;

    /// <summary>Creates an emulator; it listens once <see cref="StartAsync"/> is called.</summary>
    public EcsEmulator(EcsEmulatorOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new EcsEmulatorOptions();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<EcsEmulator>();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The address the emulator listens on (the actual port when started with port 0).</summary>
    /// <exception cref="InvalidOperationException">The emulator is not started.</exception>
    public Uri Address => _address ?? throw new InvalidOperationException("The ECS emulator is not started; call StartAsync first.");

    /// <summary>How memory and cpu are enforced; known once started.</summary>
    public ResourceEnforcement Enforcement => Started().enforcer.Mode;

    /// <summary>The enforcement in words, e.g. "cgroup v1 under /sys/fs/cgroup/memory/...".</summary>
    public string EnforcementDescription => Started().enforcer.Description;

    /// <summary>Starts listening.</summary>
    /// <param name="address">e.g. <c>http://127.0.0.1:0</c> for a free port; <see cref="EcsEmulatorOptions.DefaultAddress"/> when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The bound address.</returns>
    public async Task<Uri> StartAsync(string? address = null, CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException($"The ECS emulator is already listening on {_address}.");
        }

        _enforcer = ResourceEnforcer.Create(_options, _logger);
        _ecs = new EmulatedEcs(_options, _enforcer, _logger, _time);
        var api = new EcsApi(_ecs, new RequestAuthenticator(_options, _time), _logger);

        // Configured by its options alone: no appsettings.json, and no watcher on the working directory.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls(address ?? EcsEmulatorOptions.DefaultAddress);
        var app = builder.Build();
        app.Run(api.HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        _address = new Uri(app.Urls.First());
        _logger.EmulatorStarted(Address, _enforcer.Description);
        return Address;
    }

    /// <summary>Subscribes to the task state change events emitted from now on.</summary>
    /// <exception cref="InvalidOperationException">The emulator is not started.</exception>
    public EcsEventSubscription Subscribe() => Started().ecs.Subscribe();

    /// <summary>Kills the running tasks, removes their cgroups and stops listening.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_ecs is not null)
        {
            await _ecs.ShutdownAsync(TimeSpan.FromSeconds(10));
        }

        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private (EmulatedEcs ecs, ResourceEnforcer enforcer) Started() =>
        _ecs is not null && _enforcer is not null
            ? (_ecs, _enforcer)
            : throw new InvalidOperationException("The ECS emulator is not started; call StartAsync first.");
}
