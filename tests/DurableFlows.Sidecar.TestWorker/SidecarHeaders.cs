namespace DurableFlows.Sidecar.TestWorker;

/// <summary>The metadata keys the sidecar reads; spelled out here because this process talks to it only over gRPC.</summary>
public static class SidecarHeaders
{
    /// <summary>The metadata key naming the worker's queue.</summary>
    public const string Queue = "x-durableflows-queue";
}
