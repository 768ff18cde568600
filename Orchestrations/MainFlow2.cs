using DurableFlows.Deployments;
using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary>
/// <c>Main Flow2</c> of the reference pipeline (the article's <c>main_flow2.py</c>): calls the three
/// sub-flows as deployments, each on its own ECS task with its own CPU and memory, one after the other.
/// Its output lists which sub-flow ran which tasks.
/// </summary>
[DurableTask(Name)]
public sealed class MainFlow2 : TaskOrchestrator<object?, IReadOnlyList<SubFlowResult>>
{
    /// <summary>The flow's public name.</summary>
    public const string Name = "Main Flow2";

    /// <summary>The deployments it runs, in order.</summary>
    public static IReadOnlyList<string> Deployments { get; } =
    [
        SubFlow1.Name + "/sub-flow1-deployment",
        SubFlow2.Name + "/sub-flow2-deployment",
        SubFlow3.Name + "/sub-flow3-deployment",
    ];

    /// <inheritdoc />
    public override async Task<IReadOnlyList<SubFlowResult>> RunAsync(TaskOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<SubFlowResult>(Deployments.Count);
        foreach (var deployment in Deployments)
        {
            results.Add((await context.RunDeploymentAsync<SubFlowResult>(deployment))!);
        }

        return results;
    }
}
