using DurableFlows.Activities;
using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary>
/// <c>Hungry Flow</c>: runs task a, then holds the input's MiB of memory, then task b. As a deployment with
/// too little memory it crashes out of memory after a; retried with more, it resumes without running a again.
/// </summary>
[DurableTask(Name)]
public sealed class HungryFlow : TaskOrchestrator<int, SubFlowResult>
{
    /// <summary>The flow's public name.</summary>
    public const string Name = "Hungry Flow";

    /// <inheritdoc />
    public override async Task<SubFlowResult> RunAsync(TaskOrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ran = new List<string>
        {
            await context.CallActivityAsync<string>(TaskA.Name),
            await context.CallActivityAsync<string>(AllocateMemory.Name, input),
            await context.CallActivityAsync<string>(TaskB.Name),
        };
        return new SubFlowResult(Name, ran);
    }
}
