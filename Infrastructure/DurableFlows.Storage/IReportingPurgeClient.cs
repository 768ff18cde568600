using DurableTask.Core;

namespace DurableFlows.Storage;

/// <summary>
/// A purge by filter that names the instances it removed. <see cref="IOrchestrationServicePurgeClient"/>
/// returns only a count, but what is kept about an instance outside the store (its payload objects in
/// code storage) can only follow it when the sidecar knows which instances went.
/// </summary>
public interface IReportingPurgeClient
{
    /// <summary>Purges the finished instances <paramref name="filter"/> matches, as one commit where the store has them.</summary>
    /// <returns>The ids of the instances purged; an instance that did not match or was not finished is not among them.</returns>
    Task<IReadOnlyList<string>> PurgeInstancesAsync(PurgeInstanceFilter filter);
}
