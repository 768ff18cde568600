using System.Collections.Frozen;

namespace DurableFlows.Aws.Ecs;

/// <summary>
/// The CPU and memory combinations Fargate accepts (CPU units; memory in MiB), from the ECS task size table.
/// </summary>
public static class FargateSizes
{
    private static readonly FrozenDictionary<int, int[]> MemoryByCpu = new Dictionary<int, int[]>
    {
        [256] = [512, 1024, 2048],
        [512] = Steps(1024, 4096, 1024),
        [1024] = Steps(2048, 8192, 1024),
        [2048] = Steps(4096, 16384, 1024),
        [4096] = Steps(8192, 30720, 1024),
        [8192] = Steps(16384, 61440, 4096),
        [16384] = Steps(32768, 122880, 8192),
    }.ToFrozenDictionary();

    /// <summary>Gets the valid CPU sizes, ascending.</summary>
    public static IReadOnlyList<int> Cpus { get; } = [.. MemoryByCpu.Keys.Order()];

    /// <summary>Gets the valid memory sizes for a CPU size, ascending; empty when the CPU is not a Fargate size.</summary>
    public static IReadOnlyList<int> MemoriesFor(int cpu) => MemoryByCpu.TryGetValue(cpu, out var memories) ? memories : [];

    /// <summary>Whether Fargate accepts the pair.</summary>
    public static bool IsValid(int cpu, int memory) => MemoriesFor(cpu).Contains(memory);

    private static int[] Steps(int from, int to, int step) =>
        [.. Enumerable.Range(0, ((to - from) / step) + 1).Select(i => from + (i * step))];
}
