namespace DurableFlows.Deployments;

/// <summary>One delivered task state change event, with the way to remove it from its source once handled.</summary>
/// <param name="Body">The EventBridge event JSON.</param>
/// <param name="AcknowledgeAsync">Removes the message from its source (SQS DeleteMessage); unacknowledged messages come back.</param>
public sealed record TaskStateChangeMessage(string Body, Func<CancellationToken, Task> AcknowledgeAsync);
