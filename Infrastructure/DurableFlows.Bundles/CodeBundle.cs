namespace DurableFlows.Bundles;

/// <summary>A built code bundle: a zip on local disk, named by the SHA-256 of its bytes.</summary>
/// <param name="Sha256">The lowercase hex SHA-256 of the zip.</param>
/// <param name="Size">The zip's size in bytes.</param>
/// <param name="Path">Where the zip is on local disk.</param>
public sealed record CodeBundle(string Sha256, long Size, string Path)
{
    /// <summary>Gets the bundle's key in code storage.</summary>
    public string Key => CodeStorageLayout.BundleKey(Sha256);

    /// <summary>Describes a zip file on disk by hashing it.</summary>
    public static async Task<CodeBundle> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var sha256 = await Sha256Hex.OfFileAsync(path, cancellationToken);
        return new CodeBundle(sha256, new FileInfo(path).Length, System.IO.Path.GetFullPath(path));
    }
}
