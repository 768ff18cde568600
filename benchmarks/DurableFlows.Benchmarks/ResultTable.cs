using System.Globalization;

namespace DurableFlows.Benchmarks;

/// <summary>
/// Prints every figure of every target beside the anchor's (the test host), with the ratio; and, when
/// Azure Storage ran, our targets' figures beside its figures too.
/// </summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<BenchmarkResult> results, BenchmarkSettings settings, TextWriter output)
    {
        var anchor = results.FirstOrDefault(r => r.Target.Contains("anchor", StringComparison.Ordinal) && r.Target.StartsWith("testhost", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# DurableFlows benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores"));
        output.WriteLine();
        output.WriteLine("Ratio: above 1 means ours is better (anchor / ours for times and memory, ours / anchor for throughput).");
        if (settings.Warmup > 0)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Each target first ran {settings.Warmup} orchestrations unmeasured (JIT warm-up, capped at {settings.Cap.TotalSeconds:0} s), in the same process as its figures."));
        }
        output.WriteLine();
        Table(results, settings, output, anchor, "anchor (testhost)");

        var azure = results.FirstOrDefault(r => r.Target.StartsWith("azure-storage", StringComparison.Ordinal) && r.Error is null);
        var ours = results.Where(r => r.Target.Contains("(ours)", StringComparison.Ordinal)).ToList();
        if (azure is not null && ours.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Against Azure Storage on Azurite (same sidecar, same workers); ratio above 1 means ours is better.");
            output.WriteLine();
            Table(ours, settings, output, azure, "azure-storage");
        }
    }

    private static void Table(IReadOnlyList<BenchmarkResult> results, BenchmarkSettings settings, TextWriter output, BenchmarkResult? anchor, string anchorName)
    {
        output.WriteLine($"| target | metric | ours | {anchorName} | ratio |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var result in results)
        {
            if (result.Error is not null)
            {
                output.WriteLine($"| {result.Target} | error | {result.Error} | | |");
            }

            Row(output, result, anchor, "one orchestration alone, median (ms)", r => r.LatencyMedianMs, lowerIsBetter: true);
            Row(output, result, anchor, "one orchestration alone, created to completed in the store, median (ms)", r => r.LatencyStoreMedianMs, lowerIsBetter: true);
            foreach (var size in settings.Sizes)
            {
                Row(output, result, anchor, $"throughput, {size} together (orch/s)", r => r.ThroughputPerSecond.TryGetValue(size, out var v) ? v : null, lowerIsBetter: false,
                    note: result.ThroughputNote.TryGetValue(size, out var n) ? n : null);
            }

            var samples = result.EventSamples < settings.EventSamples ? $"{result.EventSamples} samples in the {settings.Cap.TotalSeconds:0} s cap" : null;
            Row(output, result, anchor, "event latency p50 (ms)", r => r.EventP50Ms, lowerIsBetter: true, note: samples);
            Row(output, result, anchor, "event latency p99 (ms)", r => r.EventP99Ms, lowerIsBetter: true, note: samples);
            Row(output, result, anchor, "event latency p50, raised to completed in the store (ms)", r => r.EventStoreP50Ms, lowerIsBetter: true, note: samples);
            var waiting = result.WaitingInstances < settings.WaitingInstances ? $"{result.WaitingInstances}/{settings.WaitingInstances} running in the {(settings.Cap * 3).TotalSeconds:0} s cap" : null;
            Row(output, result, anchor, $"memory of {settings.WaitingInstances} waiting instances (MiB)", r => r.WaitingInstancesMiB, lowerIsBetter: true, note: waiting);
            if (result.WaitingServerMiB is { } server)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Target} | growth of the storage server process (Azurite) with them (MiB) | {server:0.##} | | |"));
            }

            Row(output, result, anchor, "peak memory of the process (MiB)", r => r.PeakMemoryMiB, lowerIsBetter: true);
            if (result.CommitsPerOrchestration is { } commits)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Target} | storage commits per orchestration | {commits:0.00} | | |"));
            }

            if (result.LogSyncsPerOrchestration is > 0 and { } syncs)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Target} | fsyncs of the log per orchestration | {syncs:0.00} | | |"));
            }
        }
    }

    private static void Row(TextWriter output, BenchmarkResult result, BenchmarkResult? anchor, string metric, Func<BenchmarkResult, double?> pick, bool lowerIsBetter, string? note = null)
    {
        var ours = pick(result);
        if (ours is null)
        {
            return;
        }

        var theirs = anchor is null ? null : pick(anchor);
        var ratio = theirs is null || theirs == 0 || ours == 0 ? string.Empty : Ratio(lowerIsBetter ? theirs.Value / ours.Value : ours.Value / theirs.Value);
        if (ReferenceEquals(result, anchor))
        {
            ratio = "1.0x";
        }

        var suffix = note is null ? string.Empty : $" ({note})";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Target} | {metric} | {ours:0.##}{suffix} | {theirs:0.##} | {ratio} |"));
    }

    // Two significant digits below 0.1, so a ratio of 0.0098 does not print as 0.0.
    private static string Ratio(double value) =>
        value.ToString(value < 0.1 ? "G2" : "0.0", CultureInfo.InvariantCulture) + "x";
}
