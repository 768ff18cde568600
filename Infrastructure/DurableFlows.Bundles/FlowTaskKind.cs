namespace DurableFlows.Bundles;

/// <summary>Whether a flow type is an orchestrator or an activity.</summary>
public enum FlowTaskKind
{
    /// <summary>Implements <c>Microsoft.DurableTask.ITaskOrchestrator</c>.</summary>
    Orchestrator,

    /// <summary>Implements <c>Microsoft.DurableTask.ITaskActivity</c>.</summary>
    Activity,
}
