using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary>
/// A sub-flow that runs its tasks one after the other, as the article's
/// <c>@flow def sub_flow1(): a(); b()</c> does.
/// </summary>
public abstract class SequentialSubFlow : TaskOrchestrator<object?, SubFlowResult>
{
    /// <summary>Gets the sub-flow's public name.</summary>
    protected abstract string FlowName { get; }

    /// <summary>Gets the activity names to run, in order.</summary>
    protected abstract IReadOnlyList<string> TaskNames { get; }

    /// <inheritdoc />
    public override async Task<SubFlowResult> RunAsync(TaskOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ran = new List<string>(TaskNames.Count);
        foreach (var task in TaskNames)
        {
            ran.Add(await context.CallActivityAsync<string>(task));
        }

        return new SubFlowResult(FlowName, ran);
    }
}
