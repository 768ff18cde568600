using DurableFlows.Bundles;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host.Engine;

/// <summary>
/// The code storage of <c>durableFlows.storage</c> opened for a process: where deployed bundles are found,
/// where payloads above the threshold go, and where deployment run results are persisted.
/// </summary>
public sealed class FlowStorage : IDisposable
{
    private FlowStorage(ICodeStorage storage, PayloadStore payloads)
    {
        Storage = storage;
        Payloads = payloads;
        Results = new ResultStore(storage);
        Manifests = new DeploymentManifestStore(storage);
    }

    /// <summary>Gets the code storage.</summary>
    public ICodeStorage Storage { get; }

    /// <summary>Gets the payload store over it.</summary>
    public PayloadStore Payloads { get; }

    /// <summary>Gets the persisted results of deployment runs.</summary>
    public ResultStore Results { get; }

    /// <summary>Gets the records of which bundle each deployment points to.</summary>
    public DeploymentManifestStore Manifests { get; }

    /// <summary>Opens the storage <paramref name="settings"/> describe.</summary>
    public static FlowStorage Open(EngineSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var storage = CodeStorageFactory.Create(settings.CodeStorage, settings.BaseDirectory, loggerFactory);
        return new FlowStorage(storage, new PayloadStore(storage, settings.Payloads, loggerFactory.CreateLogger<PayloadStore>()));
    }

    /// <inheritdoc />
    public void Dispose() => (Storage as IDisposable)?.Dispose();
}
