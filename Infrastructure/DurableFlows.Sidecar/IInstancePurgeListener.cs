namespace DurableFlows.Sidecar;

/// <summary>
/// Hears which instances a purge removed, once the store has committed it, so that what is kept about
/// them outside the store (payload objects in code storage) goes with them. Every purge the sidecar
/// serves ends here: by id, by batch, recursive and by filter.
/// </summary>
public interface IInstancePurgeListener
{
    /// <summary>
    /// Called once per purge request that removed anything, with every instance it removed (the
    /// sub-orchestrations of a recursive purge included). The purge stands whatever this does: an
    /// exception is logged by the sidecar and the caller still gets its count.
    /// </summary>
    Task InstancesPurgedAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken);
}
