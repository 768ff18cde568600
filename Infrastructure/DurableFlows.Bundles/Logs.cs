using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>Log events of code bundles, code storage and the payload store.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Could not abort the upload {Uri}: {Reason}. Its parts are never read; an S3 lifecycle rule (AbortIncompleteMultipartUpload) removes them.")]
    public static partial void UploadCleanupFailed(this ILogger logger, string uri, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Bundle {Sha256} ({Size} bytes) is already at {Uri}; nothing uploaded.")]
    public static partial void BundleAlreadyStored(this ILogger logger, string sha256, long size, string uri);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Uploaded bundle {Sha256} ({Size} bytes) to {Uri} in {Milliseconds} ms.")]
    public static partial void BundleUploaded(this ILogger logger, string sha256, long size, string uri, long milliseconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The cached bundle {Path} does not match its SHA-256 {Sha256}; it was deleted and is fetched again.")]
    public static partial void CachedBundleCorrupt(this ILogger logger, string path, string sha256);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Fetched bundle {Sha256} ({Size} bytes) from {Uri} in {Milliseconds} ms.")]
    public static partial void BundleFetched(this ILogger logger, string sha256, long size, string uri, long milliseconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Offloaded a payload of {Size} bytes of instance '{InstanceId}' to {Uri}.")]
    public static partial void PayloadOffloaded(this ILogger logger, long size, string instanceId, string uri);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Deleted {Count} payload objects of purged instance '{InstanceId}'.")]
    public static partial void PayloadsPurged(this ILogger logger, int count, string instanceId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "The payload objects of purged instance '{InstanceId}' under {Uri} were not deleted; the instance stays purged. Delete them by hand; a later purge of an instance with the same id also deletes everything under that prefix.")]
    public static partial void PayloadPurgeFailed(this ILogger logger, Exception exception, string instanceId, string uri);
}
