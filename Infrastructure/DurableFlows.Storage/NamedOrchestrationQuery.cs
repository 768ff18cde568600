using DurableTask.Core.Query;

namespace DurableFlows.Storage;

/// <summary>
/// An instance query that also filters by orchestration name, which <see cref="OrchestrationQuery"/> cannot.
/// Backends that do not know it treat it as a plain <see cref="OrchestrationQuery"/>.
/// </summary>
public class NamedOrchestrationQuery : OrchestrationQuery
{
    /// <summary>Gets or sets the orchestration names to return, or <see langword="null"/> for all.</summary>
    public IReadOnlyCollection<string>? Names { get; set; }
}
