namespace DurableFlows.Sidecar;

/// <summary>
/// The input of the event the sidecar raises on a notified instance when an instance tagged with
/// <see cref="SidecarMetadata.NotifyInstanceTag"/> ends. It is written in the same checkpoint as the
/// end itself, so it is never lost and never sent for an instance that did not end.
/// </summary>
/// <param name="InstanceId">The instance that ended.</param>
/// <param name="RuntimeStatus"><c>Completed</c>, <c>Failed</c> or <c>Terminated</c>.</param>
/// <param name="Output">
/// The instance's serialized output when it Completed, the termination output when it was Terminated,
/// null when it Failed (the SDK's failure text is in <paramref name="FailureDetails"/>).
/// </param>
/// <param name="FailureDetails">Why it failed, or null.</param>
public sealed record CompletionNotice(string InstanceId, string RuntimeStatus, string? Output, CompletionFailure? FailureDetails);
