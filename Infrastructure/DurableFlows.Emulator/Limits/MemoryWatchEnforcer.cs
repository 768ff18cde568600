using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator.Limits;

/// <summary>
/// Where cgroups are not writable: polls the resident memory of each container's process tree and
/// SIGKILLs the tree past the task's limit, which the task then reports like an OOM kill (exit 137).
/// A burst shorter than the poll interval can slip through, and the cpu is not limited.
/// </summary>
internal sealed class MemoryWatchEnforcer(TimeSpan interval, ILogger logger) : ResourceEnforcer
{
    public override ResourceEnforcement Mode => ResourceEnforcement.MemoryWatch;

    public override string Description => $"memory watch (resident memory polled every {interval.TotalMilliseconds} ms; cpu not limited)";

    public override TaskResourceLimits ForTask(string taskId, int? cpuUnits, int? memoryMiB) =>
        new WatchedTaskLimits(taskId, memoryMiB is { } mib ? mib * 1024L * 1024L : null, interval, logger);

    private sealed class WatchedTaskLimits(string taskId, long? limitBytes, TimeSpan interval, ILogger logger) : TaskResourceLimits
    {
        private readonly CancellationTokenSource _stop = new();
        private int _oomKills;

        public override void Attach(Process process)
        {
            if (limitBytes is { } limit)
            {
                _ = WatchAsync(process.Id, limit, _stop.Token);
            }
        }

        public override bool TakeOomKill() => Interlocked.Exchange(ref _oomKills, 0) > 0;

        public override void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        private async Task WatchAsync(int pid, long limit, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var tree = ProcessTree(pid);
                    if (tree.Count == 0)
                    {
                        return;
                    }

                    var resident = tree.Sum(ResidentBytes);
                    if (resident > limit)
                    {
                        Interlocked.Increment(ref _oomKills);
                        logger.MemoryWatchKill(taskId, pid, resident / (1024 * 1024), limit / (1024 * 1024));
                        foreach (var member in tree)
                        {
                            Signals.Send(member, Signals.SigKill);
                        }

                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The task stopped.
            }
        }

        private static List<int> ProcessTree(int root)
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                try
                {
                    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The process ended while being read.
                }
            }

            if (!parents.ContainsKey(root))
            {
                return [];
            }

            var tree = new List<int> { root };
            for (var i = 0; i < tree.Count; i++)
            {
                tree.AddRange(parents.Where(pair => pair.Value == tree[i]).Select(pair => pair.Key));
            }

            return tree;
        }

        private static long ResidentBytes(int pid)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                        return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
                return 0;
            }

            return 0;
        }
    }
}
