using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary>
/// <c>Main Flow</c> of the reference pipeline: calls the three sub-flows inline, as sub-orchestrations
/// on the parent's own workers, one after the other. Its output lists which sub-flow ran which tasks.
/// </summary>
[DurableTask(Name)]
public sealed class MainFlow : TaskOrchestrator<object?, IReadOnlyList<SubFlowResult>>
{
    /// <summary>The flow's public name.</summary>
    public const string Name = "Main Flow";

    /// <inheritdoc />
    public override async Task<IReadOnlyList<SubFlowResult>> RunAsync(TaskOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<SubFlowResult>(3);
        foreach (var subFlow in new[] { SubFlow1.Name, SubFlow2.Name, SubFlow3.Name })
        {
            results.Add(await context.CallSubOrchestratorAsync<SubFlowResult>(subFlow));
        }

        return results;
    }
}
