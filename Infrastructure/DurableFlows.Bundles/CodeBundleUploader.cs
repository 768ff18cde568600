using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>
/// Uploads a bundle to its content-addressed key once: when code storage holds the key already with
/// the same size, nothing is sent.
/// </summary>
public sealed class CodeBundleUploader(ICodeStorage storage, long maxBundleBytes, ILogger<CodeBundleUploader> logger)
{
    /// <summary>Uploads <paramref name="bundle"/> unless it is stored already.</summary>
    /// <returns>True when bytes were sent; false when the bundle was in storage already.</returns>
    /// <exception cref="BundleTooLargeException">The bundle is over the limit; nothing was sent.</exception>
    /// <exception cref="CodeStorageException">Storage refused the request (credentials, bucket, access).</exception>
    public async Task<bool> UploadAsync(CodeBundle bundle, IProgress<BundleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Size > maxBundleBytes)
        {
            throw new BundleTooLargeException(string.Create(
                CultureInfo.InvariantCulture,
                $"Bundle {bundle.Sha256} is {bundle.Size} bytes ({bundle.Size / 1048576.0:0.0} MiB), over the limit of {maxBundleBytes} bytes ({maxBundleBytes / 1048576.0:0.0} MiB) set by host.json durableFlows.storage.maxBundleBytes; nothing was uploaded. Trim the flows' dependencies or raise the limit."));
        }

        var key = bundle.Key;
        progress?.Report(new BundleProgress(BundleStage.Checking, bundle.Sha256, 0, bundle.Size));
        var existing = await storage.HeadAsync(key, cancellationToken);

        // The key is the hash, so an object of the right size there is this bundle; the runner
        // verifies the full SHA-256 before it loads anything, whatever happens here.
        if (existing is not null && existing.Size == bundle.Size && (existing.Sha256 is null || existing.Sha256 == bundle.Sha256))
        {
            logger.BundleAlreadyStored(bundle.Sha256, bundle.Size, storage.GetUri(key));
            progress?.Report(new BundleProgress(BundleStage.Skipped, bundle.Sha256, 0, bundle.Size));
            return false;
        }

        var stopwatch = Stopwatch.StartNew();
        await using (var content = File.OpenRead(bundle.Path))
        {
            var bytes = progress is null ? null : new Progress(progress, bundle);
            await storage.PutAsync(key, content, bundle.Sha256, bytes, cancellationToken);
        }

        logger.BundleUploaded(bundle.Sha256, bundle.Size, storage.GetUri(key), stopwatch.ElapsedMilliseconds);
        progress?.Report(new BundleProgress(BundleStage.Uploaded, bundle.Sha256, bundle.Size, bundle.Size));
        return true;
    }

    private sealed class Progress(IProgress<BundleProgress> inner, CodeBundle bundle) : IProgress<long>
    {
        public void Report(long value) => inner.Report(new BundleProgress(BundleStage.Uploading, bundle.Sha256, value, bundle.Size));
    }
}
