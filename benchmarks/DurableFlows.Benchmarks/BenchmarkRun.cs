namespace DurableFlows.Benchmarks;

/// <summary>Runs every scenario against one target, inside the child process.</summary>
internal static class BenchmarkRun
{
    public static async Task<BenchmarkResult> RunAsync(string targetName, BenchmarkSettings settings)
    {
        var result = new BenchmarkResult { Target = targetName };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var token = cancellation.Token;
        try
        {
            // Every scenario gets a fresh engine, so a capped run's backlog cannot slow the next one.
            if (settings.Warmup > 0)
            {
                await using var target = BenchmarkTargets.Create(targetName);
                var client = await target.StartAsync(Workload.Register, token).ConfigureAwait(false);
                Report($"warm-up: {settings.Warmup} orchestrations started together, not measured (cap {settings.Cap.TotalSeconds} s)");
                await Workload.ThroughputAsync(client, settings.Warmup, settings.Cap, token).ConfigureAwait(false);
            }

            {
                await using var target = BenchmarkTargets.Create(targetName);
                result.Target = target.Name;
                var client = await target.StartAsync(Workload.Register, token).ConfigureAwait(false);
                await SettleAsync(token).ConfigureAwait(false);
                Report($"latency of one orchestration alone ({settings.LatencyRuns} runs)");
                (result.LatencyMedianMs, result.LatencyMinMs, result.LatencyStoreMedianMs) = await Workload.LatencyAsync(client, settings.LatencyRuns, token).ConfigureAwait(false);
            }

            foreach (var size in settings.Sizes)
            {
                await using var target = BenchmarkTargets.Create(targetName);
                var client = await target.StartAsync(Workload.Register, token).ConfigureAwait(false);
                await SettleAsync(token).ConfigureAwait(false);
                Report($"throughput of {size} started together (cap {settings.Cap.TotalSeconds} s)");
                var countersBefore = target.StorageCounters;
                var (completed, seconds, running) = await Workload.ThroughputAsync(client, size, settings.Cap, token).ConfigureAwait(false);
                result.ThroughputPerSecond[size] = completed / seconds;
                if (completed < size)
                {
                    result.ThroughputNote[size] = $"{completed}/{size} done, {running} running, in the {settings.Cap.TotalSeconds:0} s cap";
                }

                if (countersBefore is { } before && target.StorageCounters is { } after && completed > 0)
                {
                    result.CommitsPerOrchestration = (after.Commits - before.Commits) / (double)completed;
                    result.LogSyncsPerOrchestration = (after.LogSyncs - before.LogSyncs) / (double)completed;
                }
            }

            {
                await using var target = BenchmarkTargets.Create(targetName);
                var client = await target.StartAsync(Workload.Register, token).ConfigureAwait(false);
                await SettleAsync(token).ConfigureAwait(false);
                Report($"external event latency ({settings.EventSamples} samples, cap {settings.Cap.TotalSeconds} s)");
                var (events, stored) = await Workload.EventLatencyAsync(client, settings.EventSamples, settings.Cap, token).ConfigureAwait(false);
                result.EventP50Ms = Percentile(events, 0.50);
                result.EventP99Ms = Percentile(events, 0.99);
                result.EventStoreP50Ms = Percentile(stored, 0.50);
                result.EventSamples = events.Count;
            }

            if (settings.WaitingInstances > 0)
            {
                await using var target = BenchmarkTargets.Create(targetName);
                var client = await target.StartAsync(Workload.Register, token).ConfigureAwait(false);
                Report($"memory of {settings.WaitingInstances} instances waiting for an event (cap {(settings.Cap * 3).TotalSeconds} s)");
                GC.Collect();
                var before = ProcessMemory.CurrentMiB();
                var serverBefore = target.ServerMemoryMiB;
                result.WaitingInstances = await Workload.StartWaitingAsync(client, settings.WaitingInstances, settings.Cap * 3, token).ConfigureAwait(false);
                GC.Collect();
                result.WaitingInstancesMiB = ProcessMemory.CurrentMiB() - before;
                result.WaitingServerMiB = target.ServerMemoryMiB - serverBefore;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result.Error = e.GetType().Name + ": " + e.Message;
        }

        result.PeakMemoryMiB = ProcessMemory.PeakMiB();
        return result;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    // Measured work starts once the JIT is quiet, so the figures are of the steady state, not of the
    // compiling that the warm-up (or the engine just started) left behind.
    private static async Task SettleAsync(CancellationToken cancellationToken)
    {
        var (waited, compiled, settled) = await JitSettling.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        Report(settled
            ? $"JIT settled after {waited.TotalSeconds:0.0} s ({compiled} methods compiled meanwhile)"
            : $"JIT still compiling after {waited.TotalSeconds:0} s ({compiled} methods); measuring anyway");
    }

    private static void Report(string what) => Console.Error.WriteLine($"   {DateTime.UtcNow:HH:mm:ss} {what}");
}
