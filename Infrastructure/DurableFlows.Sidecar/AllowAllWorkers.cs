using Grpc.Core;

namespace DurableFlows.Sidecar;

/// <summary>Lets every worker serve every queue: the default when no deployment runs are configured.</summary>
public sealed class AllowAllWorkers : IWorkerAuthorizer
{
    /// <inheritdoc />
    public string? Authorize(string queue, string? runToken, ServerCallContext context) => null;
}
