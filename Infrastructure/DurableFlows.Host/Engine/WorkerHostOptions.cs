using DurableFlows.Bundles;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DurableFlows.Host.Engine;

/// <summary>How a worker process connects to a sidecar and what it runs.</summary>
public sealed record WorkerHostOptions
{
    /// <summary>Gets the sidecar's address, such as <c>http://127.0.0.1:4001</c>.</summary>
    public required Uri SidecarAddress { get; init; }

    /// <summary>Gets the flows and tasks this worker runs.</summary>
    public required FlowCatalog Catalog { get; init; }

    /// <summary>Gets the configuration activities see (for example <c>Pipeline:TaskSeconds</c>).</summary>
    public required IConfiguration Configuration { get; init; }

    /// <summary>Gets the queue the worker serves; null for the default queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Gets the run token that authorises a worker on a deployment run's queue.</summary>
    public string? RunToken { get; init; }

    /// <summary>Gets how many activities run at once. Null keeps the SDK's default.</summary>
    public int? MaxConcurrentActivities { get; init; }

    /// <summary>Gets how many orchestration episodes run at once. Null keeps the SDK's default.</summary>
    public int? MaxConcurrentOrchestrations { get; init; }

    /// <summary>
    /// Gets the store that payloads above its threshold go to; the worker and client then exchange only
    /// references with the sidecar. Null sends every payload inline.
    /// </summary>
    public PayloadStore? Payloads { get; init; }

    /// <summary>
    /// Gets what to do with each orchestrator response (after its payloads are offloaded) before it is sent,
    /// such as persisting a run's output before the sidecar learns the run completed.
    /// </summary>
    public Func<Microsoft.DurableTask.Protobuf.OrchestratorResponse, CancellationToken, Task>? BeforeOrchestratorResponse { get; init; }

    /// <summary>Gets extra services the worker's activities need, such as deployment runs.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Gets extra flows or tasks to register beside the catalog's.</summary>
    public Action<DurableTaskRegistry>? RegisterTasks { get; init; }
}
