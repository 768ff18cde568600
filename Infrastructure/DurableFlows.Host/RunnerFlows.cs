using DurableFlows.Bundles;
using Microsoft.DurableTask;

namespace DurableFlows.Host;

/// <summary>
/// What a runner's worker runs: the built-in flows, the flows of a verified bundle, or, when the bundle
/// was refused, a stand-in for the run's flow that fails it with the reason, so the run ends Failed with
/// a classified error and no unverified code ever runs.
/// </summary>
internal sealed class RunnerFlows : IDisposable
{
    private readonly LoadedFlows? _bundle;

    private RunnerFlows(FlowCatalog catalog, LoadedFlows? bundle, BundleRefusal? refusal)
    {
        Catalog = catalog;
        _bundle = bundle;
        Refusal = refusal;
    }

    public FlowCatalog Catalog { get; }

    public BundleRefusal? Refusal { get; }

    public static RunnerFlows BuiltIn(FlowCatalog catalog) => new(catalog, bundle: null, refusal: null);

    public static RunnerFlows FromBundle(LoadedFlows bundle) => new(FlowCatalog.FromAssemblies([]), bundle, refusal: null);

    public static RunnerFlows Refused(string flow, string classification, Exception reason) =>
        new(FlowCatalog.FromAssemblies([]), bundle: null, new BundleRefusal(flow, $"{classification}: {reason.Message}"));

    public bool HasFlow(string name) => _bundle is null ? Catalog.HasFlow(name) : _bundle.Orchestrators.Any(o => o.Name == name);

    public string UnknownFlow(string name) => _bundle is null
        ? Catalog.UnknownFlow(name).Message
        : $"Unknown flow '{name}' in bundle {_bundle.Directory}. Its flows: {string.Join(", ", _bundle.Orchestrators.Select(o => $"'{o.Name}'"))}.";

    public void RegisterTasks(DurableTaskRegistry registry)
    {
        _bundle?.RegisterWith(registry);
        if (Refusal is { } refusal)
        {
            registry.AddOrchestratorFunc<object?, object?>(refusal.Flow, (_, _) => throw new BundleRefusedException(refusal.Reason));
        }
    }

    public void Dispose() => _bundle?.Dispose();

    /// <summary>The run's flow, and why its bundle was refused.</summary>
    internal sealed record BundleRefusal(string Flow, string Reason);
}
