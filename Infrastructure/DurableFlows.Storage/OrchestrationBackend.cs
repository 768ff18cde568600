using DurableTask.Core;
using DurableTask.Core.Query;

namespace DurableFlows.Storage;

/// <summary>
/// One storage backend as the sidecar sees it. Microsoft's providers implement some of the optional
/// interfaces; ours implement all of them.
/// </summary>
public sealed class OrchestrationBackend
{
    /// <summary>Creates a backend view over a single object that implements the interfaces it has.</summary>
    public OrchestrationBackend(string type, IOrchestrationService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        Type = type;
        Service = service;
        Client = service as IOrchestrationServiceClient
            ?? throw new ArgumentException($"Storage provider '{type}' does not implement {nameof(IOrchestrationServiceClient)}.", nameof(service));
        Query = service as IOrchestrationServiceQueryClient;
        Purge = service as IOrchestrationServicePurgeClient;
        ReportingPurge = service as IReportingPurgeClient;
        Routing = service as IRoutedOrchestrationService;
    }

    /// <summary>Gets the provider type name from host.json (<c>sqlite</c>, <c>memory</c>, ...).</summary>
    public string Type { get; }

    /// <summary>Gets the work-item side of the backend.</summary>
    public IOrchestrationService Service { get; }

    /// <summary>Gets the client side of the backend.</summary>
    public IOrchestrationServiceClient Client { get; }

    /// <summary>Gets the query client, when the backend has one.</summary>
    public IOrchestrationServiceQueryClient? Query { get; }

    /// <summary>Gets the purge client, when the backend has one.</summary>
    public IOrchestrationServicePurgeClient? Purge { get; }

    /// <summary>Gets the purge by filter that names the instances it purged, when the backend has one.</summary>
    public IReportingPurgeClient? ReportingPurge { get; }

    /// <summary>Gets the routed locking extension, when the backend has it.</summary>
    public IRoutedOrchestrationService? Routing { get; }
}
