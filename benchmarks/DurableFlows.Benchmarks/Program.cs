using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DurableFlows.Benchmarks;

// Each target runs in a child process of its own, so peak memory is that target's alone and one
// target's leftovers cannot slow the next. The parent prints our figures beside the anchors'.
if (args is ["--help"] or ["-h"])
{
    Console.Out.WriteLine(BenchmarkSettings.Usage);
    return 0;
}

BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkSettings.Usage);
    return 2;
}

if (settings.ChildTarget is { } child)
{
    var result = await BenchmarkRun.RunAsync(child, settings).ConfigureAwait(false);
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
    return result.Error is null ? 0 : 1;
}

var fsyncs = FsyncProbe.CommitsPerSecond(Path.Combine(AppContext.BaseDirectory, "bench-db"), TimeSpan.FromSeconds(3));
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== disk: {fsyncs:0} fsync'd 4 KiB commits/s"));
var results = new List<BenchmarkResult>();
foreach (var target in settings.Targets)
{
    Console.Error.WriteLine($"== {target}");
    results.Add(await RunChildAsync(target, settings).ConfigureAwait(false));
}

ResultTable.Print(results, settings, Console.Out);
Console.Out.WriteLine();
Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Disk limit: {fsyncs:0} fsync'd 4 KiB commits/s (append + fsync, one at a time)."));
return results.Any(r => r.Error is not null) ? 1 : 0;

static async Task<BenchmarkResult> RunChildAsync(string target, BenchmarkSettings settings)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!)
    {
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    var entry = Environment.GetCommandLineArgs()[0];
    if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
    {
        start.ArgumentList.Add(entry);
    }

    foreach (var arg in settings.ChildArguments(target))
    {
        start.ArgumentList.Add(arg);
    }

    using var process = Process.Start(start)!;
    BenchmarkResult? result = null;
    while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
    {
        if (line.StartsWith("RESULT ", StringComparison.Ordinal))
        {
            result = JsonSerializer.Deserialize<BenchmarkResult>(line["RESULT ".Length..]);
        }

        // Anything else on the child's stdout is library logging; the child reports progress on stderr.
    }

    await process.WaitForExitAsync().ConfigureAwait(false);
    return result ?? new BenchmarkResult { Target = target, Error = string.Create(CultureInfo.InvariantCulture, $"the child process exited {process.ExitCode} without a result") };
}
