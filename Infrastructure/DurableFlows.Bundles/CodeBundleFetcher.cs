using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>
/// Gets the bundle a run names onto local disk: from a cache folder keyed by hash, or downloaded from
/// code storage. The SHA-256 is checked before the bundle is returned, every time, so unverified code
/// is never handed to the loader.
/// </summary>
/// <remarks>
/// Cache layout: <c>&lt;cache&gt;/&lt;hash&gt;.zip</c> and the extracted <c>&lt;cache&gt;/&lt;hash&gt;/</c>. Both appear by
/// rename from temporary names, so a crash mid-download or mid-extraction leaves nothing that looks complete.
/// </remarks>
public sealed class CodeBundleFetcher
{
    private readonly ICodeStorage _storage;
    private readonly string _cacheDirectory;
    private readonly ILogger<CodeBundleFetcher> _logger;

    /// <summary>Creates the fetcher.</summary>
    /// <param name="storage">Where bundles are.</param>
    /// <param name="cacheDirectory">The local cache folder, created when missing.</param>
    /// <param name="logger">Logs downloads and cache repairs.</param>
    public CodeBundleFetcher(ICodeStorage storage, string cacheDirectory, ILogger<CodeBundleFetcher> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        _storage = storage;
        _cacheDirectory = Path.GetFullPath(cacheDirectory);
        _logger = logger;
    }

    /// <summary>Fetches, verifies and extracts the bundle with SHA-256 <paramref name="sha256"/>.</summary>
    /// <exception cref="BundleNotFoundException">Code storage has no bundle with that hash (<c>BundleMissing</c>).</exception>
    /// <exception cref="BundleIntegrityException">The stored bytes do not hash to <paramref name="sha256"/> (<c>BundleHashMismatch</c>).</exception>
    public async Task<FetchedBundle> FetchAsync(string sha256, CancellationToken cancellationToken = default)
    {
        Sha256Hex.Require(sha256, nameof(sha256));
        Directory.CreateDirectory(_cacheDirectory);
        var zipPath = Path.Combine(_cacheDirectory, sha256 + ".zip");
        var downloaded = false;
        if (File.Exists(zipPath) && await Sha256Hex.OfFileAsync(zipPath, cancellationToken) != sha256)
        {
            // A damaged cache is repaired from storage rather than trusted; storage is checked in turn.
            _logger.CachedBundleCorrupt(zipPath, sha256);
            File.Delete(zipPath);
            DeleteDirectory(Path.Combine(_cacheDirectory, sha256));
        }

        if (!File.Exists(zipPath))
        {
            await DownloadAsync(sha256, zipPath, cancellationToken);
            downloaded = true;
        }

        var directory = Path.Combine(_cacheDirectory, sha256);
        if (!Directory.Exists(directory))
        {
            var extracting = directory + ".extracting-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
            try
            {
                await ZipFile.ExtractToDirectoryAsync(zipPath, extracting, overwriteFiles: false, cancellationToken);
                Directory.Move(extracting, directory);
            }
            catch (IOException) when (Directory.Exists(directory))
            {
                // Another fetch of the same hash extracted it first; its copy is as verified as ours.
            }
            finally
            {
                DeleteDirectory(extracting);
            }
        }

        return new FetchedBundle(sha256, zipPath, directory, downloaded);
    }

    private async Task DownloadAsync(string sha256, string zipPath, CancellationToken cancellationToken)
    {
        var key = CodeStorageLayout.BundleKey(sha256);
        var uri = _storage.GetUri(key);
        var stopwatch = Stopwatch.StartNew();
        var partial = zipPath + ".part-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        try
        {
            long size = 0;
            string actual;
            await using (var source = await _storage.OpenReadAsync(key, cancellationToken)
                ?? throw new BundleNotFoundException($"Bundle {sha256} is not in code storage: {uri} does not exist. Deploy the flows again (durableflows deploy), or check the bundle hash the run names."))
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                (actual, size) = await Sha256Hex.CopyAsync(source, target, cancellationToken: cancellationToken);
            }

            if (actual != sha256)
            {
                throw new BundleIntegrityException(
                    BundleIntegrityException.HashMismatch,
                    string.Create(CultureInfo.InvariantCulture, $"Bundle {uri} has SHA-256 {actual} ({size} bytes); the run names {sha256}. The object was changed or damaged after upload; its code was not loaded. Deploy again to replace it."));
            }

            File.Move(partial, zipPath, overwrite: true);
            _logger.BundleFetched(sha256, size, uri, stopwatch.ElapsedMilliseconds);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
