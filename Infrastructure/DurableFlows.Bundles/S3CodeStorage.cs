using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>
/// Code storage in an S3 bucket under a prefix, through AWSSDK.S3. Works with any S3-compatible
/// server through <see cref="CodeStorageOptions.ServiceUrl"/> and <see cref="CodeStorageOptions.ForcePathStyle"/>.
/// </summary>
/// <remarks>
/// Writes are multipart uploads: the object appears under its key only when the upload is completed,
/// and a failed or cancelled upload is aborted, so an interrupted upload never leaves a partial object
/// where a reader would look. S3 checks each part's <c>Content-MD5</c> on receipt; afterwards the
/// object's size, recorded SHA-256 and multipart ETag are compared with what was sent.
/// </remarks>
public sealed class S3CodeStorage : ICodeStorage, IDisposable
{
    private const string Sha256MetadataKey = "sha256";

    // Parts of 8 MiB: above S3's 5 MiB minimum, small enough that a cancel stops within one part.
    private const int PartSize = 8 * 1024 * 1024;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _endpoint;
    private readonly ILogger<S3CodeStorage> _logger;

    /// <summary>Creates the storage.</summary>
    /// <param name="options">The validated settings, of type <c>s3</c>.</param>
    /// <param name="logger">Logs uploads and clean-ups.</param>
    /// <param name="credentials">The credentials to sign with; null takes them from the standard AWS chain.</param>
    public S3CodeStorage(CodeStorageOptions options, ILogger<S3CodeStorage> logger, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Type != CodeStorageOptions.S3Type)
        {
            throw new CodeStorageConfigurationException($"host.json: durableFlows.storage.type = '{options.Type}' cannot be used by S3 storage; expected '{CodeStorageOptions.S3Type}'.");
        }

        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // Checksums only where S3 requires them: S3-compatible servers often do not understand
            // the trailing-checksum chunked encoding, and the bytes are verified by Content-MD5 anyway.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        _client = credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
        _bucket = options.Bucket!;
        _prefix = options.Prefix.Length == 0 ? string.Empty : options.Prefix + "/";
        _endpoint = options.ServiceUrl?.ToString() ?? "AWS S3" + (options.Region is null ? string.Empty : " " + options.Region);
        _logger = logger;
    }

    /// <inheritdoc />
    public string Location => $"s3://{_bucket}/{_prefix}";

    /// <inheritdoc />
    public string GetUri(string key) => $"s3://{_bucket}/{_prefix}{key}";

    /// <inheritdoc />
    public async Task CheckAccessAsync(CancellationToken cancellationToken = default)
    {
        // ListObjectsV2 rather than HeadBucket: HEAD answers 404/403 with no body, which cannot tell a
        // missing bucket from a bad signature; a listing carries S3's error code.
        await Call("ListObjectsV2", null, () => _client.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix, MaxKeys = 1 },
            cancellationToken));
    }

    /// <inheritdoc />
    public async Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = _bucket, Key = _prefix + key },
                cancellationToken);
            return new StoredObject(key, response.ContentLength, response.Metadata[Sha256MetadataKey]);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception exception)
        {
            throw Translate(exception, "HeadObject", key);
        }
        catch (AmazonClientException exception)
        {
            throw ClientFailure(exception, "HeadObject", key);
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string sha256, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Sha256Hex.Require(sha256, nameof(sha256));
        var initiate = new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key, ContentType = "application/octet-stream" };
        initiate.Metadata[Sha256MetadataKey] = sha256;
        var upload = await Call("CreateMultipartUpload", key, () => _client.InitiateMultipartUploadAsync(initiate, cancellationToken));
        var completed = false;
        try
        {
            var (size, etag) = await UploadPartsAsync(key, upload.UploadId, content, progress, cancellationToken);
            await Call("CompleteMultipartUpload", key, () => _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key, UploadId = upload.UploadId, PartETags = etag.Parts },
                cancellationToken));
            completed = true;
            await VerifyAsync(key, size, sha256, etag.Expected, cancellationToken);
        }
        finally
        {
            if (!completed)
            {
                await AbortAsync(key, upload.UploadId);
            }
        }
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode is "NoSuchKey" or "NotFound" or null)
        {
            return null;
        }
        catch (AmazonS3Exception exception)
        {
            throw Translate(exception, "GetObject", key);
        }
        catch (AmazonClientException exception)
        {
            throw ClientFailure(exception, "GetObject", key);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + keyPrefix };
        ListObjectsV2Response response;
        do
        {
            response = await Call("ListObjectsV2", keyPrefix, () => _client.ListObjectsV2Async(request, cancellationToken));
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key[_prefix.Length..]));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
        => await Call("DeleteObject", key, () => _client.DeleteObjectAsync(_bucket, _prefix + key, cancellationToken));

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<(long Size, (List<PartETag> Parts, string[] Expected) ETag)> UploadPartsAsync(string key, string uploadId, Stream content, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var parts = new List<PartETag>();
        var partMd5s = new List<byte>();
        using var wholeMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[PartSize];
        long sent = 0;
        int filled;
        do
        {
            filled = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0 && parts.Count > 0)
            {
                break;
            }

            var md5 = MD5.HashData(buffer.AsSpan(0, filled));
            partMd5s.AddRange(md5);
            wholeMd5.AppendData(buffer, 0, filled);
            using var part = new MemoryStream(buffer, 0, filled, writable: false);
            var request = new UploadPartRequest
            {
                BucketName = _bucket,
                Key = _prefix + key,
                UploadId = uploadId,
                PartNumber = parts.Count + 1,
                InputStream = part,
                MD5Digest = Convert.ToBase64String(md5),
                UseChunkEncoding = false,
            };
            var sentBefore = sent;
            if (progress is not null)
            {
                request.StreamTransferProgress += (_, args) => progress.Report(sentBefore + args.TransferredBytes);
            }

            var response = await Call("UploadPart", key, () => _client.UploadPartAsync(request, cancellationToken));
            parts.Add(new PartETag(parts.Count + 1, response.ETag));
            sent += filled;
        }
        while (filled == buffer.Length);

        // S3's ETag of a multipart object is the MD5 of the parts' MD5s, then '-' and the part count;
        // some S3-compatible servers (s3rver) give the whole object's MD5 instead. Either proves the bytes.
        string[] expected =
        [
            Convert.ToHexStringLower(MD5.HashData(partMd5s.ToArray())) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(wholeMd5.GetHashAndReset()),
        ];
        return (sent, (parts, expected));
    }

    private async Task VerifyAsync(string key, long size, string sha256, string[] expectedEtags, CancellationToken cancellationToken)
    {
        var stored = await HeadAsync(key, cancellationToken);
        var etag = stored is null ? null : await StoredEtagAsync(key, cancellationToken);
        if (stored is null || stored.Size != size || stored.Sha256 != sha256 || !expectedEtags.Contains(etag, StringComparer.OrdinalIgnoreCase))
        {
            // Never leave an object that does not match its key where a reader would look.
            await DeleteAsync(key, CancellationToken.None);
            throw new BundleIntegrityException(
                BundleIntegrityException.UploadMismatch,
                string.Create(CultureInfo.InvariantCulture, $"{GetUri(key)} held {stored?.Size} bytes with ETag {etag} and sha256 {stored?.Sha256} after the upload; expected {size} bytes, ETag {string.Join(" or ", expectedEtags)}, sha256 {sha256}. The object was deleted; deploy again."));
        }
    }

    private async Task<string?> StoredEtagAsync(string key, CancellationToken cancellationToken)
    {
        var metadata = await Call("HeadObject", key, () => _client.GetObjectMetadataAsync(
            new GetObjectMetadataRequest { BucketName = _bucket, Key = _prefix + key },
            cancellationToken));
        return metadata.ETag?.Trim('"');
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still drop its parts.
            await _client.AbortMultipartUploadAsync(_bucket, _prefix + key, uploadId, CancellationToken.None);
        }
        catch (AmazonServiceException exception)
        {
            _logger.UploadCleanupFailed(GetUri(key) + "?uploadId=" + uploadId, exception.Message);
        }
    }

    private async Task<T> Call<T>(string operation, string? key, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception exception)
        {
            throw Translate(exception, operation, key);
        }
        catch (AmazonClientException exception)
        {
            throw ClientFailure(exception, operation, key);
        }
    }

    private CodeStorageException ClientFailure(AmazonClientException exception, string operation, string? key)
        => new(
            "ClientError",
            $"{operation} {(key is null ? Location : GetUri(key))} at {_endpoint} failed before S3 answered: {exception.Message} If no credentials were found, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with an instance or task role.",
            exception);

    private CodeStorageException Translate(AmazonS3Exception exception, string operation, string? key)
    {
        var target = key is null ? $"s3://{_bucket}/{_prefix}" : GetUri(key);
        var code = string.IsNullOrEmpty(exception.ErrorCode) ? exception.StatusCode.ToString() : exception.ErrorCode;
        var message = code switch
        {
            "InvalidAccessKeyId" => $"S3 at {_endpoint} does not know the access key id used for {operation} {target} (InvalidAccessKeyId); check AWS_ACCESS_KEY_ID or the AWS profile in use.",
            "SignatureDoesNotMatch" => $"S3 at {_endpoint} rejected the request signature for {operation} {target} (SignatureDoesNotMatch): the secret access key does not belong to the access key id; check AWS_SECRET_ACCESS_KEY or the AWS profile in use.",
            "NoSuchBucket" => $"S3 bucket '{_bucket}' does not exist at {_endpoint} ({operation} {target}: NoSuchBucket); create it or fix host.json durableFlows.storage.bucket.",
            "AccessDenied" or "Forbidden" => $"S3 at {_endpoint} denied {operation} {target} ({code}); the credentials need s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on bucket '{_bucket}'.",
            "ExpiredToken" or "InvalidToken" => $"S3 at {_endpoint} rejected the session token for {operation} {target} ({code}); refresh the AWS credentials.",
            _ => $"S3 at {_endpoint} failed {operation} {target}: {code} (HTTP {(int)exception.StatusCode}) {exception.Message}",
        };
        return new CodeStorageException(code, message, exception);
    }
}
