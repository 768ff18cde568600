using System.Runtime.Loader;
using Microsoft.DurableTask;

namespace DurableFlows.Bundles;

/// <summary>
/// The flows of one bundle, loaded in their own collectible load context. Dispose it (and drop every
/// reference to its types) to let the context unload.
/// </summary>
public sealed class LoadedFlows : IDisposable
{
    private readonly AssemblyLoadContext _context;

    internal LoadedFlows(AssemblyLoadContext context, string directory, IReadOnlyList<FlowTaskType> tasks)
    {
        _context = context;
        Directory = directory;
        Tasks = tasks;
    }

    /// <summary>Gets the folder the flows were loaded from.</summary>
    public string Directory { get; }

    /// <summary>Gets every orchestrator and activity found, ordered by kind and name.</summary>
    public IReadOnlyList<FlowTaskType> Tasks { get; }

    /// <summary>Gets the orchestrators.</summary>
    public IEnumerable<FlowTaskType> Orchestrators => Tasks.Where(t => t.Kind == FlowTaskKind.Orchestrator);

    /// <summary>Gets the activities.</summary>
    public IEnumerable<FlowTaskType> Activities => Tasks.Where(t => t.Kind == FlowTaskKind.Activity);

    /// <summary>Gets the load context, to tell apart types of this bundle.</summary>
    public AssemblyLoadContext LoadContext => _context;

    /// <summary>Registers every orchestrator and activity with a worker's registry.</summary>
    public void RegisterWith(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var task in Tasks)
        {
            if (task.Kind == FlowTaskKind.Orchestrator)
            {
                registry.AddOrchestrator(task.Name, task.Type);
            }
            else
            {
                registry.AddActivity(task.Name, task.Type);
            }
        }
    }

    /// <summary>Starts unloading the load context.</summary>
    public void Dispose() => _context.Unload();
}
