namespace DurableFlows.Benchmarks;

/// <summary>Reads resident memory from /proc, in MiB: this process's, or a server process's the benchmark started.</summary>
internal static class ProcessMemory
{
    public static double PeakMiB() => Read("self", "VmHWM:");

    public static double CurrentMiB() => Read("self", "VmRSS:");

    public static double OfProcessMiB(int processId) => Read(processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "VmRSS:");

    private static double Read(string process, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{process}/status"))
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
