using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Benchmarks;

/// <summary>The work every target runs: three sequential activities, and a wait for one external event.</summary>
internal static class Workload
{
    public const string ThreeSteps = "ThreeSteps";
    public const string AwaitEvent = "AwaitEvent";
    public const string Step = "Step";
    public const string EventName = "go";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<int, int>(Step, (_, n) => n + 1);
        registry.AddOrchestratorFunc<int, int>(ThreeSteps, async (context, n) =>
        {
            n = await context.CallActivityAsync<int>(Step, n);
            n = await context.CallActivityAsync<int>(Step, n);
            return await context.CallActivityAsync<int>(Step, n);
        });
        registry.AddOrchestratorFunc<object?, string>(AwaitEvent, async (context, _) =>
            await context.WaitForExternalEvent<string>(EventName));
    }

    /// <summary>Runs one orchestration at a time and returns the median and minimum latency.</summary>
    public static async Task<(double MedianMs, double MinMs)> LatencyAsync(DurableTaskClient client, int runs, CancellationToken cancellationToken)
    {
        await RunOneAsync(client, cancellationToken).ConfigureAwait(false); // warm-up
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            samples.Add(await RunOneAsync(client, cancellationToken).ConfigureAwait(false));
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[0]);
    }

    /// <summary>
    /// Starts <paramref name="count"/> orchestrations together and measures until all complete or the cap
    /// passes. Returns the completed count and the elapsed seconds.
    /// </summary>
    public static async Task<(int Completed, double Seconds)> ThroughputAsync(DurableTaskClient client, int count, TimeSpan cap, CancellationToken cancellationToken)
    {
        var prefix = $"tp-{count}-{Guid.NewGuid():N}-";
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.ScheduleNewOrchestrationInstanceAsync(ThreeSteps, 0, new StartOrchestrationOptions { InstanceId = prefix + i }, ct).ConfigureAwait(false)).ConfigureAwait(false);

        using var capped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        capped.CancelAfter(cap - clock.Elapsed);
        var completed = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = capped.Token }, async (i, ct) =>
            {
                var done = await client.WaitForInstanceCompletionAsync(prefix + i, getInputsAndOutputs: false, ct).ConfigureAwait(false);
                if (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    Interlocked.Increment(ref completed);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waits still queued at the cap did not count their instances; a query may see more.
            completed = Math.Max(completed, await CountCompletedAsync(client, prefix, cancellationToken).ConfigureAwait(false));
        }

        return (completed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Raises an event on a waiting orchestration and measures until it has completed, one at a time.</summary>
    public static async Task<List<double>> EventLatencyAsync(DurableTaskClient client, int samples, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(samples);
        for (var i = 0; i <= samples; i++)
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(AwaitEvent, cancellationToken).ConfigureAwait(false);
            await client.WaitForInstanceStartAsync(id, cancellationToken).ConfigureAwait(false);
            await WaitUntilRunningAsync(client, id, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await client.RaiseEventAsync(id, EventName, "now", cancellationToken).ConfigureAwait(false);
            await client.WaitForInstanceCompletionAsync(id, cancellationToken).ConfigureAwait(false);
            if (i > 0)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        latencies.Sort();
        return latencies;
    }

    /// <summary>Starts <paramref name="count"/> instances that wait for an event and returns the seconds until all run.</summary>
    public static async Task<double> StartWaitingAsync(DurableTaskClient client, int count, TimeSpan cap, CancellationToken cancellationToken)
    {
        var prefix = $"wait-{Guid.NewGuid():N}-";
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.ScheduleNewOrchestrationInstanceAsync(AwaitEvent, null, new StartOrchestrationOptions { InstanceId = prefix + i }, ct).ConfigureAwait(false)).ConfigureAwait(false);
        while (clock.Elapsed < cap)
        {
            var running = 0;
            await foreach (var page in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running], PageSize = 1000 }).AsPages().WithCancellation(cancellationToken))
            {
                running += page.Values.Count;
            }

            if (running >= count)
            {
                break;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> RunOneAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(ThreeSteps, 0, cancellationToken).ConfigureAwait(false);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != 3)
        {
            throw new InvalidOperationException($"Orchestration {id} ended {done.RuntimeStatus} with output {done.SerializedOutput}; expected Completed with 3.");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task WaitUntilRunningAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
            if (state?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
            {
                return;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> CountCompletedAsync(DurableTaskClient client, string prefix, CancellationToken cancellationToken)
    {
        var completed = 0;
        await foreach (var page in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1000 }).AsPages().WithCancellation(cancellationToken))
        {
            completed += page.Values.Count;
        }

        return completed;
    }
}
