namespace DurableFlows.Benchmarks;

/// <summary>Reads this process's resident memory from /proc, in MiB.</summary>
internal static class ProcessMemory
{
    public static double PeakMiB() => Read("VmHWM:");

    public static double CurrentMiB() => Read("VmRSS:");

    private static double Read(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kib = long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        return double.NaN;
    }
}
