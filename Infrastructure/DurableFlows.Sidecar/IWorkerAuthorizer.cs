using Grpc.Core;

namespace DurableFlows.Sidecar;

/// <summary>
/// Decides whether a worker may serve the queue it named. Deployment runs restrict their run queues to
/// the holder of the run's token; everything else may serve any queue.
/// </summary>
public interface IWorkerAuthorizer
{
    /// <summary>
    /// Returns null when the worker may serve <paramref name="queue"/>, or the reason it may not.
    /// </summary>
    string? Authorize(string queue, string? runToken, ServerCallContext context);
}
