using DurableFlows.Activities;
using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary><c>Sub Flow2</c> of the reference pipeline: runs tasks b then c.</summary>
[DurableTask(Name)]
public sealed class SubFlow2 : SequentialSubFlow
{
    /// <summary>The flow's public name.</summary>
    public const string Name = "Sub Flow2";

    /// <inheritdoc />
    protected override string FlowName => Name;

    /// <inheritdoc />
    protected override IReadOnlyList<string> TaskNames { get; } = [TaskB.Name, TaskC.Name];
}
