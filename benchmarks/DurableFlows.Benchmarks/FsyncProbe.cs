using System.Diagnostics;

namespace DurableFlows.Benchmarks;

/// <summary>
/// The disk's physical limit for durable commits: how many 4 KiB append-and-fsync rounds it does per
/// second. A store that fsyncs every commit cannot beat it; group commit shares one fsync among many.
/// </summary>
internal static class FsyncProbe
{
    public static double CommitsPerSecond(string folder, TimeSpan duration)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"fsync-{Guid.NewGuid():N}.bin");
        var block = new byte[4096];
        var rounds = 0;
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            while (clock.Elapsed < duration)
            {
                file.Write(block);
                file.Flush(flushToDisk: true);
                rounds++;
            }
        }

        File.Delete(path);
        return rounds / clock.Elapsed.TotalSeconds;
    }
}
