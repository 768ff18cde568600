using System.Diagnostics;
using System.Runtime;

namespace DurableFlows.Benchmarks;

/// <summary>
/// Waits until the JIT has stopped compiling. Tiered compilation goes on in the background for seconds
/// after a burst of work (methods called often enough are compiled again, optimized), and on two cores
/// that compiling competes with whatever is measured next.
/// </summary>
internal static class JitSettling
{
    private static readonly TimeSpan _poll = TimeSpan.FromMilliseconds(250);

    // This long without a method compiled counts as settled.
    private static readonly TimeSpan _quiet = TimeSpan.FromSeconds(1);

    /// <summary>Returns how long it took and how many methods were compiled meanwhile.</summary>
    public static async Task<(TimeSpan Waited, long Compiled, bool Settled)> WaitAsync(TimeSpan cap, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var first = JitInfo.GetCompiledMethodCount();
        var last = first;
        var quietSince = clock.Elapsed;
        while (clock.Elapsed < cap)
        {
            await Task.Delay(_poll, cancellationToken).ConfigureAwait(false);
            var count = JitInfo.GetCompiledMethodCount();
            if (count != last)
            {
                last = count;
                quietSince = clock.Elapsed;
            }
            else if (clock.Elapsed - quietSince >= _quiet)
            {
                return (clock.Elapsed, last - first, true);
            }
        }

        return (clock.Elapsed, last - first, false);
    }
}
