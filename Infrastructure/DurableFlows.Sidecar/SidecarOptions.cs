namespace DurableFlows.Sidecar;

/// <summary>Settings of the sidecar.</summary>
public sealed class SidecarOptions
{
    /// <summary>The address the sidecar listens on unless configured otherwise.</summary>
    public static readonly Uri DefaultAddress = new("http://127.0.0.1:4001");

    /// <summary>Gets or sets the address to listen on. Port 0 picks a free port.</summary>
    public Uri Address { get; set; } = DefaultAddress;

    /// <summary>Gets or sets how often locks of work items held by workers are renewed. Default 20 s.</summary>
    public TimeSpan LockRenewalInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long one lock attempt waits for work before it looks again. Default 30 s.</summary>
    public TimeSpan ReceiveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the largest gRPC message accepted or sent. Default 16 MiB.</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets the concurrency a worker gets when it asks for none. Default 100.</summary>
    public int DefaultWorkerConcurrency { get; set; } = 100;
}
