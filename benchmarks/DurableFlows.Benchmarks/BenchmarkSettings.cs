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

    public string? ChildTarget { get; init; }

    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = new BenchmarkSettings();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--targets" => settings with { Targets = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--sizes" => settings with { Sizes = [.. value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--latency-runs" => settings with { LatencyRuns = int.Parse(value, CultureInfo.InvariantCulture) },
                "--event-samples" => settings with { EventSamples = int.Parse(value, CultureInfo.InvariantCulture) },
                "--waiting" => settings with { WaitingInstances = int.Parse(value, CultureInfo.InvariantCulture) },
                "--cap-seconds" => settings with { Cap = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--child" => settings with { ChildTarget = value },
                _ => throw new ArgumentException(
                    $"Unknown option '{args[i]}'. Expected --targets, --sizes, --latency-runs, --event-samples, --waiting, --cap-seconds."),
            };
            i++;
        }

        return settings;
    }

    public IEnumerable<string> ChildArguments(string target) =>
    [
        "--child", target,
        "--sizes", string.Join(',', Sizes),
        "--latency-runs", LatencyRuns.ToString(CultureInfo.InvariantCulture),
        "--event-samples", EventSamples.ToString(CultureInfo.InvariantCulture),
        "--waiting", WaitingInstances.ToString(CultureInfo.InvariantCulture),
        "--cap-seconds", Cap.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    ];
}
