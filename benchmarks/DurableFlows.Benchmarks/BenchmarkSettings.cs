using System.Globalization;

namespace DurableFlows.Benchmarks;

/// <summary>Command-line settings: which targets, which sizes, and how long each run may take.</summary>
internal sealed record BenchmarkSettings
{
    public IReadOnlyList<string> Targets { get; init; } = ["testhost", "memory"];

    public IReadOnlyList<int> Sizes { get; init; } = [50, 500, 5000];

    public int LatencyRuns { get; init; } = 20;

    public int EventSamples { get; init; } = 100;

    public int WaitingInstances { get; init; } = 10_000;

    public TimeSpan Cap { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets the orchestrations each target runs, unmeasured, before its figures are taken: the JIT compiles
    /// hot code in tiers, and a fresh process runs its first thousands of orchestrations on slower code
    /// than a host that has been up for a while. Capped like the other runs.
    /// </summary>
    public int Warmup { get; init; } = 5000;

    public string? ChildTarget { get; init; }

    public const string Usage =
        "Usage: DurableFlows.Benchmarks [--targets testhost,memory,sqlite-full,sqlite-normal,sqlite-off,azure-storage]"
        + " [--sizes 50,500,5000] [--latency-runs 20] [--event-samples 100] [--waiting 10000] [--cap-seconds 60] [--warmup 5000]";

    /// <summary>Reads the options; a bad one throws an <see cref="ArgumentException"/> naming it and what is expected.</summary>
    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = new BenchmarkSettings();
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {option} needs a value.");
            settings = option switch
            {
                "--targets" => settings with { Targets = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(BenchmarkTargets.Known)] },
                "--sizes" => settings with { Sizes = [.. value.Split(',').Select(s => Count(option, s))] },
                "--latency-runs" => settings with { LatencyRuns = Count(option, value) },
                "--event-samples" => settings with { EventSamples = Count(option, value) },
                "--waiting" => settings with { WaitingInstances = Count(option, value, allowZero: true) },
                "--cap-seconds" => settings with { Cap = TimeSpan.FromSeconds(Count(option, value)) },
                "--warmup" => settings with { Warmup = Count(option, value, allowZero: true) },
                "--child" => settings with { ChildTarget = value },
                _ => throw new ArgumentException($"Unknown option '{option}'."),
            };
            i++;
        }

        return settings;
    }

    private static int Count(string option, string value, bool allowZero = false) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && (count > 0 || allowZero)
            ? count
            : throw new ArgumentException($"Option {option} has '{value}'; expected a whole number{(allowZero ? string.Empty : " above 0")}.");

    public IEnumerable<string> ChildArguments(string target) =>
    [
        "--child", target,
        "--sizes", string.Join(',', Sizes),
        "--latency-runs", LatencyRuns.ToString(CultureInfo.InvariantCulture),
        "--event-samples", EventSamples.ToString(CultureInfo.InvariantCulture),
        "--waiting", WaitingInstances.ToString(CultureInfo.InvariantCulture),
        "--cap-seconds", Cap.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        "--warmup", Warmup.ToString(CultureInfo.InvariantCulture),
    ];
}
