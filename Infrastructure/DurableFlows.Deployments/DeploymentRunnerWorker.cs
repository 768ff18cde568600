using Microsoft.DurableTask.Client;

namespace DurableFlows.Deployments;

/// <summary>
/// A worker connected to the sidecar on a run's queue with its token, and a client over the same
/// connection. Disposing it stops the worker.
/// </summary>
/// <param name="Client">The client, used to watch the child instance.</param>
/// <param name="Connection">The worker and its channel.</param>
public sealed record DeploymentRunnerWorker(DurableTaskClient Client, IAsyncDisposable Connection);
