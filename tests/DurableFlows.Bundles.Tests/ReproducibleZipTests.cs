using System.IO.Compression;

namespace DurableFlows.Bundles.Tests;

public sealed class ReproducibleZipTests
{
    [Fact]
    public async Task The_same_files_give_the_same_bundle_hash_whatever_their_times_and_folder()
    {
        using var folders = new TestFolders();
        var first = folders.Folder("one");
        var second = folders.Folder("two");
        await WriteFilesAsync(first, ["b.dll", "a.dll", "sub/z.json", "sub/A.json"]);

        // Other creation order, other times, other permissions, other parent folder.
        await WriteFilesAsync(second, ["sub/A.json", "sub/z.json", "a.dll", "b.dll"]);
        foreach (var file in Directory.EnumerateFiles(second, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var one = await CodeBundleBuilder.ZipAsync(first, folders.Folder("work1"));
        var two = await CodeBundleBuilder.ZipAsync(second, folders.Folder("work2"));

        Assert.Equal(one.Sha256, two.Sha256);
        Assert.Equal(one.Size, two.Size);
        Assert.Equal(one.Sha256, await Sha256Hex.OfFileAsync(one.Path));
        Assert.EndsWith(one.Sha256 + ".zip", one.Path, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(two.Path);
        Assert.Equal(["a.dll", "b.dll", "sub/A.json", "sub/z.json"], archive.Entries.Select(e => e.FullName));
        Assert.All(archive.Entries, entry =>
        {
            Assert.Equal(ReproducibleZip.EntryTimestamp.DateTime, entry.LastWriteTime.DateTime);
            Assert.Equal(0x81A4, entry.ExternalAttributes >>> 16);
        });
    }

    [Fact]
    public async Task Changed_content_gives_another_hash()
    {
        using var folders = new TestFolders();
        var source = folders.Folder("src");
        await WriteFilesAsync(source, ["a.dll"]);
        var before = await CodeBundleBuilder.ZipAsync(source, folders.Folder("work1"));
        await File.AppendAllTextAsync(Path.Combine(source, "a.dll"), "!");

        var after = await CodeBundleBuilder.ZipAsync(source, folders.Folder("work2"));

        Assert.NotEqual(before.Sha256, after.Sha256);
    }

    private static async Task WriteFilesAsync(string root, string[] names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, "content of " + name);
        }
    }
}
