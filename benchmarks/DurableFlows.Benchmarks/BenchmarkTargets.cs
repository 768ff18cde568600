namespace DurableFlows.Benchmarks;

/// <summary>The targets by name.</summary>
internal static class BenchmarkTargets
{
    public static IBenchmarkTarget Create(string name) => name switch
    {
        "testhost" => new TestHostTarget(),
        _ => throw new ArgumentException($"Unknown target '{name}'. Expected: testhost."),
    };
}
