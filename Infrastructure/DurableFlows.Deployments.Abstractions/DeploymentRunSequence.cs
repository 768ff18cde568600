using System.Runtime.CompilerServices;
using Microsoft.DurableTask;

namespace DurableFlows.Deployments;

/// <summary>
/// Numbers the deployment runs of one orchestration execution in call order: 1, 2, 3...
/// </summary>
/// <remarks>
/// Orchestrator code is deterministic, so the n-th call of <c>RunDeploymentAsync</c> is the same call
/// in every replay. The SDK builds a fresh context for each replay from the start of the history (and
/// keeps it across episodes when it caches the execution), so a counter attached to the context object
/// restarts with the replay and yields the same numbers. The table is static only because the context
/// type has no slot for extension state; its entries are the contexts' own and go away with them.
/// </remarks>
internal static class DeploymentRunSequence
{
    private static readonly ConditionalWeakTable<TaskOrchestrationContext, StrongBox<int>> Counters = [];

    public static int Next(TaskOrchestrationContext context)
    {
        var counter = Counters.GetValue(context, static _ => new StrongBox<int>(0));
        return ++counter.Value;
    }
}
