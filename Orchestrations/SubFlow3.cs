using DurableFlows.Activities;
using Microsoft.DurableTask;

namespace DurableFlows.Orchestrations;

/// <summary><c>Sub Flow3</c> of the reference pipeline: runs tasks a then c.</summary>
[DurableTask(Name)]
public sealed class SubFlow3 : SequentialSubFlow
{
    /// <summary>The flow's public name.</summary>
    public const string Name = "Sub Flow3";

    /// <inheritdoc />
    protected override string FlowName => Name;

    /// <inheritdoc />
    protected override IReadOnlyList<string> TaskNames { get; } = [TaskA.Name, TaskC.Name];
}
