using System.Globalization;

namespace DurableFlows.Benchmarks;

/// <summary>Prints every figure of every target beside the anchor's, with the ratio.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<BenchmarkResult> results, BenchmarkSettings settings, TextWriter output)
    {
        var anchor = results.FirstOrDefault(r => r.Target.Contains("anchor", StringComparison.Ordinal) && r.Target.StartsWith("testhost", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# DurableFlows benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores"));
        output.WriteLine();
        output.WriteLine("Ratio: above 1 means ours is better (anchor / ours for times and memory, ours / anchor for throughput).");
        output.WriteLine();
        output.WriteLine("| target | metric | ours | anchor (testhost) | ratio |");
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
        var ratio = theirs is null || theirs == 0 || ours == 0 ? string.Empty
            : lowerIsBetter ? string.Create(CultureInfo.InvariantCulture, $"{theirs / ours:0.0}x") : string.Create(CultureInfo.InvariantCulture, $"{ours / theirs:0.0}x");
        if (ReferenceEquals(result, anchor))
        {
            ratio = "1.0x";
        }

        var suffix = note is null ? string.Empty : $" ({note})";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {result.Target} | {metric} | {ours:0.##}{suffix} | {theirs:0.##} | {ratio} |"));
    }
}
