namespace DurableFlows.Sidecar;

/// <summary>The gRPC metadata and instance tags through which workers and flows talk to the sidecar.</summary>
public static class SidecarMetadata
{
    /// <summary>The metadata key naming the queue a worker serves. Absent means the default queue.</summary>
    public const string QueueHeader = "x-durableflows-queue";

    /// <summary>The metadata key carrying a deployment run's token.</summary>
    public const string RunTokenHeader = "x-durableflows-run-token";

    /// <summary>
    /// Start tag naming the instance to notify when this one reaches a final state
    /// (Completed, Failed or Terminated).
    /// </summary>
    public const string NotifyInstanceTag = "durableflows.notify.instance";

    /// <summary>Start tag naming the event raised on <see cref="NotifyInstanceTag"/>; its input is a <see cref="CompletionNotice"/>.</summary>
    public const string NotifyEventTag = "durableflows.notify.event";
}
