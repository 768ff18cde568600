using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Storage.Sqlite;

/// <summary>A checkpoint with every row serialized, ready for the writer.</summary>
/// <param name="ExecutionId">The execution the history belongs to (new after continue-as-new).</param>
/// <param name="NewExecution">Whether the history replaces the locked execution's.</param>
/// <param name="FirstSequenceNumber">The sequence number of the first event.</param>
/// <param name="History">The events to append, serialized.</param>
/// <param name="State">The instance state after the checkpoint; null when the work item had no start (nothing to record).</param>
/// <param name="StateRow">The state, serialized.</param>
/// <param name="Activities">The messages scheduling activities, with their rows.</param>
/// <param name="Messages">Orchestrator and timer messages.</param>
/// <param name="ContinuedAsNew">The start message of the next execution, if any.</param>
internal sealed record PreparedCheckpoint(
    string ExecutionId,
    bool NewExecution,
    int FirstSequenceNumber,
    IReadOnlyList<(EventType Type, EncodedRow Row)> History,
    OrchestrationState? State,
    EncodedRow? StateRow,
    IReadOnlyList<(TaskMessage Message, string? ExecutionId, EncodedRow Row)> Activities,
    IReadOnlyList<PreparedMessage> Messages,
    PreparedMessage? ContinuedAsNew);
