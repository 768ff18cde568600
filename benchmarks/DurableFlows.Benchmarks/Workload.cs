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

    /// <summary>
    /// Runs one orchestration at a time and returns the median and minimum latency the client saw, and
    /// the median the store recorded (created to last updated), which a client that polls cannot hide.
    /// </summary>
    public static async Task<(double MedianMs, double MinMs, double StoreMedianMs)> LatencyAsync(DurableTaskClient client, int runs, CancellationToken cancellationToken)
    {
        await RunOneAsync(client, cancellationToken).ConfigureAwait(false); // warm-up
        var samples = new List<double>(runs);
        var store = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var (seen, recorded) = await RunOneAsync(client, cancellationToken).ConfigureAwait(false);
            samples.Add(seen);
            store.Add(recorded);
        }

        samples.Sort();
        store.Sort();
        return (samples[samples.Count / 2], samples[0], store[store.Count / 2]);
    }

    /// <summary>
    /// Starts <paramref name="count"/> orchestrations together and measures until all complete or the cap
    /// passes; the cap covers starting them too, for a store too slow to take them all within it. Returns
    /// the completed count, the elapsed seconds, and how many were still running when the cap passed.
    /// </summary>
    public static async Task<(int Completed, double Seconds, int RunningAtCap)> ThroughputAsync(DurableTaskClient client, int count, TimeSpan cap, CancellationToken cancellationToken)
    {
        var prefix = $"tp-{count}-{Guid.NewGuid():N}-";
        var clock = Stopwatch.StartNew();
        using var capped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        capped.CancelAfter(cap);
        var completed = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = capped.Token }, async (i, ct) =>
                await client.ScheduleNewOrchestrationInstanceAsync(ThreeSteps, 0, new StartOrchestrationOptions { InstanceId = prefix + i }, ct).ConfigureAwait(false)).ConfigureAwait(false);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = capped.Token }, async (i, ct) =>
            {
                var done = await client.WaitForInstanceCompletionAsync(prefix + i, getInputsAndOutputs: false, ct).ConfigureAwait(false);
                if (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    Interlocked.Increment(ref completed);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCap(e, capped.Token, cancellationToken))
        {
            // Waits still queued at the cap did not count their instances; a query may see more.
            var seconds = clock.Elapsed.TotalSeconds;
            var done = await CountAsync(client, prefix, OrchestrationRuntimeStatus.Completed, cancellationToken).ConfigureAwait(false);
            var running = await CountAsync(client, prefix, OrchestrationRuntimeStatus.Running, cancellationToken).ConfigureAwait(false);
            return (Math.Max(completed, done), seconds, running);
        }

        return (completed, clock.Elapsed.TotalSeconds, 0);
    }

    /// <summary>
    /// Raises an event on a waiting orchestration and measures until it has completed, one at a time,
    /// until <paramref name="samples"/> are taken or the cap passes (between samples).
    /// </summary>
    public static async Task<(List<double> Seen, List<double> Store)> EventLatencyAsync(DurableTaskClient client, int samples, TimeSpan cap, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(samples);
        var store = new List<double>(samples);
        var total = Stopwatch.StartNew();
        for (var i = 0; i <= samples && (latencies.Count == 0 || total.Elapsed < cap); i++)
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(AwaitEvent, cancellationToken).ConfigureAwait(false);
            await client.WaitForInstanceStartAsync(id, cancellationToken).ConfigureAwait(false);
            await WaitUntilRunningAsync(client, id, cancellationToken).ConfigureAwait(false);
            var raised = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await client.RaiseEventAsync(id, EventName, "now", cancellationToken).ConfigureAwait(false);
            var done = await client.WaitForInstanceCompletionAsync(id, cancellationToken).ConfigureAwait(false);
            if (i > 0)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                store.Add((done.LastUpdatedAt - raised).TotalMilliseconds);
            }
        }

        latencies.Sort();
        store.Sort();
        return (latencies, store);
    }

    /// <summary>
    /// Starts <paramref name="count"/> instances that wait for an event and waits until all run or the cap
    /// passes (starting them counts against it). Returns how many are running.
    /// </summary>
    public static async Task<int> StartWaitingAsync(DurableTaskClient client, int count, TimeSpan cap, CancellationToken cancellationToken)
    {
        var prefix = $"wait-{Guid.NewGuid():N}-";
        using var capped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        capped.CancelAfter(cap);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = capped.Token }, async (i, ct) =>
                await client.ScheduleNewOrchestrationInstanceAsync(AwaitEvent, null, new StartOrchestrationOptions { InstanceId = prefix + i }, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception e) when (IsCap(e, capped.Token, cancellationToken))
        {
            // Started fewer than asked within the cap; count what runs below.
        }

        while (true)
        {
            var running = await CountAsync(client, prefix, OrchestrationRuntimeStatus.Running, cancellationToken).ConfigureAwait(false);
            if (running >= count || capped.IsCancellationRequested)
            {
                return running;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(double SeenMs, double StoreMs)> RunOneAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(ThreeSteps, 0, cancellationToken).ConfigureAwait(false);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != 3)
        {
            throw new InvalidOperationException($"Orchestration {id} ended {done.RuntimeStatus} with output {done.SerializedOutput}; expected Completed with 3.");
        }

        return (clock.Elapsed.TotalMilliseconds, (done.LastUpdatedAt - done.CreatedAt).TotalMilliseconds);
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

    private static async Task<int> CountAsync(DurableTaskClient client, string prefix, OrchestrationRuntimeStatus status, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [status], PageSize = 1000 }).AsPages().WithCancellation(cancellationToken))
        {
            count += page.Values.Count;
        }

        return count;
    }

    // The cap cancels calls in flight; the gRPC client reports that as cancellation or as a cancelled RPC.
    private static bool IsCap(Exception e, CancellationToken cap, CancellationToken run) =>
        cap.IsCancellationRequested && !run.IsCancellationRequested && e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled };
}
