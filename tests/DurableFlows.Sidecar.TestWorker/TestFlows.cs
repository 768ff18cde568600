using Microsoft.DurableTask;

namespace DurableFlows.Sidecar.TestWorker;

/// <summary>
/// The flows the worker processes run. Every activity answers with the id of the worker that ran it,
/// so a test can tell which worker did which work.
/// </summary>
public static class TestFlows
{
    /// <summary>Orchestration: runs <c>Where</c> as many times as its input says, in parallel; returns the worker ids.</summary>
    public const string Fan = "Fan";

    /// <summary>Orchestration: runs <see cref="Fan"/> as a sub-orchestration, which inherits its queue.</summary>
    public const string Nest = "Nest";

    /// <summary>Activity: announces itself on stdout, works for the worker's delay, returns the worker's id.</summary>
    public const string Where = "Where";

    /// <summary>The line a worker process prints when an activity starts, followed by the instance id.</summary>
    public const string ActivityStarted = "activity-started";

    /// <summary>
    /// Registers <see cref="Fan"/>, <see cref="Nest"/> and <see cref="Where"/>, and, for each name in <paramref name="sets"/>,
    /// an orchestration <c>Flow{set}</c> that calls activity <c>Task{set}</c>.
    /// </summary>
    public static void Register(DurableTaskRegistry registry, string workerId, TimeSpan delay, IReadOnlyList<string> sets)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(sets);
        registry.AddOrchestratorFunc<int, string[]>(Fan, async (context, count) =>
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => context.CallActivityAsync<string>(Where))));
        registry.AddOrchestratorFunc<int, string[]>(Nest, (context, count) => context.CallSubOrchestratorAsync<string[]>(Fan, count));
        registry.AddActivityFunc<string>(Where, async context =>
        {
            Console.WriteLine($"{ActivityStarted} {context.InstanceId}");
            await Task.Delay(delay);
            return workerId;
        });
        foreach (var set in sets)
        {
            var task = "Task" + set;
            registry.AddOrchestratorFunc<string, string>("Flow" + set, (context, input) => context.CallActivityAsync<string>(task, input));
            registry.AddActivityFunc<string, string>(task, (_, input) => $"{task}:{input}@{workerId}");
        }
    }
}
