using System.IO.Compression;

namespace DurableFlows.Bundles;

/// <summary>
/// Zips a folder so that the same files give the same bytes on any machine and at any time: entries in
/// ordinal order of their relative paths with <c>/</c>, one fixed timestamp, one fixed permission set,
/// and nothing from the machine (no absolute paths, owners or modification times).
/// </summary>
public static class ReproducibleZip
{
    /// <summary>The timestamp every entry carries: 1980-01-01, the earliest a zip can hold.</summary>
    public static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Unix mode 0100644 (regular file, rw-r--r--) in the high 16 bits, where zip keeps Unix permissions.
    private const int RegularFileAttributes = 0x81A4 << 16;

    /// <summary>Zips every file under <paramref name="sourceDirectory"/> into <paramref name="zipPath"/>, replacing it.</summary>
    public static async Task CreateAsync(string sourceDirectory, string zipPath, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(sourceDirectory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Name: Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();

        await using var output = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None);
        await using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: false);
        foreach (var file in files)
        {
            var entry = archive.CreateEntry(file.Name, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTimestamp;
            entry.ExternalAttributes = RegularFileAttributes;
            await using var entryStream = await entry.OpenAsync(cancellationToken);
            await using var input = File.OpenRead(file.Path);
            await input.CopyToAsync(entryStream, cancellationToken);
        }
    }
}
