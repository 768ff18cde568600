using DurableFlows.Activities;
using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary><c>Sub Flow1</c> of the reference pipeline: runs tasks a then b.</summary>
[DurableTask(Name)]
public sealed class SubFlow1 : SequentialSubFlow
{
    /// <summary>The flow's public name.</summary>
    public const string Name = "Sub Flow1";

    /// <inheritdoc />
    protected override string FlowName => Name;

    /// <inheritdoc />
    protected override IReadOnlyList<string> TaskNames { get; } = [TaskA.Name, TaskB.Name];
}
