using DurableFlows.Storage;
using DurableFlows.Storage.Memory;

namespace DurableFlows.Benchmarks;

/// <summary>The targets by name.</summary>
internal static class BenchmarkTargets
{
    public static IBenchmarkTarget Create(string name) => name switch
    {
        "testhost" => new TestHostTarget(),
        "memory" => new SidecarTarget("memory (ours)", () => new OrchestrationBackend("memory", new MemoryOrchestrationService())),
        _ => throw new ArgumentException($"Unknown target '{name}'. Expected: testhost, memory."),
    };
}
