using DurableFlows.Sidecar;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>
/// The sidecar's worker check for deployment runs: a worker on <c>run-{id}</c> must present that run's
/// token (HMAC of the run id under the host secret, see <see cref="DeploymentRunTokens"/>), and a run
/// token opens no other queue.
/// </summary>
public sealed class DeploymentRunAuthorizer(DeploymentRunTokens tokens, ILogger<DeploymentRunAuthorizer> logger) : IWorkerAuthorizer
{
    /// <inheritdoc />
    public string? Authorize(string queue, string? runToken, ServerCallContext context)
    {
        var refusal = tokens.Authorize(queue, runToken);
        if (refusal is not null)
        {
            logger.WorkerRejected(queue, refusal);
        }

        return refusal;
    }
}
