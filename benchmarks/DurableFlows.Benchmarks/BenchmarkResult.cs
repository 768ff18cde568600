namespace DurableFlows.Benchmarks;

/// <summary>What one target measured, printed by the child process as one JSON line.</summary>
internal sealed class BenchmarkResult
{
    public string Target { get; set; } = string.Empty;

    public double? LatencyMedianMs { get; set; }

    public double? LatencyMinMs { get; set; }

    public double? LatencyStoreMedianMs { get; set; }

    public Dictionary<int, double> ThroughputPerSecond { get; set; } = [];

    public Dictionary<int, string> ThroughputNote { get; set; } = [];

    public double? EventP50Ms { get; set; }

    public double? EventP99Ms { get; set; }

    public double? EventStoreP50Ms { get; set; }

    public int EventSamples { get; set; }

    public double? WaitingInstancesMiB { get; set; }

    public int WaitingInstances { get; set; }

    public double? WaitingServerMiB { get; set; }

    public double? CommitsPerOrchestration { get; set; }

    /// <summary>Gets or sets the fsyncs of the log per orchestration (full durability syncs beside the writer).</summary>
    public double? LogSyncsPerOrchestration { get; set; }

    public double PeakMemoryMiB { get; set; }

    public string? Error { get; set; }
}
