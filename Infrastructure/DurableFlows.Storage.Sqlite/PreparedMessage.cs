using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// A message serialized by its sender before it reaches the writer, so that the single writer spends its
/// time on SQL, not JSON. A start message carries the Pending state of the instance it creates too.
/// </summary>
internal sealed record PreparedMessage(TaskMessage Message, EncodedRow Row, EncodedRow? PendingState);
