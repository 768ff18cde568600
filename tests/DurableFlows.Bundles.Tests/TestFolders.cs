using System.Security.Cryptography;

namespace DurableFlows.Bundles.Tests;

/// <summary>Temporary folders and bundles for one test, deleted when disposed.</summary>
internal sealed class TestFolders : IDisposable
{
    public TestFolders()
    {
        Root = Path.Combine(Path.GetTempPath(), "durableflows-bundles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Folder(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A bundle of a few small files plus <paramref name="randomBytes"/> of incompressible data.</summary>
    public async Task<CodeBundle> BundleAsync(string name = "bundle", int randomBytes = 0)
    {
        var source = Folder(name + "-src");
        await File.WriteAllTextAsync(Path.Combine(source, "Flows.txt"), "Sub Flow1\nSub Flow2\n");
        Directory.CreateDirectory(Path.Combine(source, "lib"));
        await File.WriteAllTextAsync(Path.Combine(source, "lib", "a.json"), "{\"task\":\"a\"}");
        if (randomBytes > 0)
        {
            await File.WriteAllBytesAsync(Path.Combine(source, "data.bin"), RandomNumberGenerator.GetBytes(randomBytes));
        }

        return await CodeBundleBuilder.ZipAsync(source, Folder(name + "-work"));
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
