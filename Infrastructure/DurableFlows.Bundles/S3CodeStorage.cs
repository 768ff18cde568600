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
/// Writes go to a temporary key under <c>uploads/</c> first, are checked (size and MD5 against S3's
/// ETag, with S3 itself checking <c>Content-MD5</c> on receipt), and only then copied to the real key, so an
/// interrupted upload never leaves a partial object where a reader would look.
/// </remarks>
public sealed class S3CodeStorage : ICodeStorage, IDisposable
{
    private const string Sha256MetadataKey = "sha256";

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
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string sha256, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Sha256Hex.Require(sha256, nameof(sha256));
        var start = content.Position;
        var size = content.Length - start;
        var md5 = await MD5.HashDataAsync(content, cancellationToken);
        content.Position = start;

        var uploadKey = CodeStorageLayout.UploadKey();
        try
        {
            var request = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = _prefix + uploadKey,
                InputStream = content,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                MD5Digest = Convert.ToBase64String(md5),
                UseChunkEncoding = false,
                ContentType = "application/octet-stream",
            };
            request.Metadata[Sha256MetadataKey] = sha256;
            if (progress is not null)
            {
                request.StreamTransferProgress += (_, args) => progress.Report(args.TransferredBytes);
            }

            await Call("PutObject", key, () => _client.PutObjectAsync(request, cancellationToken));
            await VerifyAsync(uploadKey, key, size, md5, cancellationToken);
            await Call("CopyObject", key, () => _client.CopyObjectAsync(
                new CopyObjectRequest
                {
                    SourceBucket = _bucket,
                    SourceKey = _prefix + uploadKey,
                    DestinationBucket = _bucket,
                    DestinationKey = _prefix + key,
                    MetadataDirective = S3MetadataDirective.COPY,
                },
                cancellationToken));
            await VerifyAsync(key, key, size, md5, cancellationToken);
        }
        finally
        {
            await DeleteUploadAsync(uploadKey);
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

    private async Task VerifyAsync(string storedKey, string key, long size, byte[] md5, CancellationToken cancellationToken)
    {
        var metadata = await Call("HeadObject", key, () => _client.GetObjectMetadataAsync(
            new GetObjectMetadataRequest { BucketName = _bucket, Key = _prefix + storedKey },
            cancellationToken));
        var etag = metadata.ETag?.Trim('"');
        var expectedEtag = Convert.ToHexStringLower(md5);
        if (metadata.ContentLength != size || !string.Equals(etag, expectedEtag, StringComparison.OrdinalIgnoreCase))
        {
            throw new BundleIntegrityException(
                BundleIntegrityException.UploadMismatch,
                $"{GetUri(storedKey)} holds {metadata.ContentLength.ToString(CultureInfo.InvariantCulture)} bytes with ETag {etag} after the upload of {key}; expected {size.ToString(CultureInfo.InvariantCulture)} bytes with MD5 {expectedEtag}. Nothing was stored under {key}.");
        }
    }

    private async Task DeleteUploadAsync(string uploadKey)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still remove its temporary object.
            await _client.DeleteObjectAsync(_bucket, _prefix + uploadKey, CancellationToken.None);
        }
        catch (AmazonServiceException exception)
        {
            _logger.UploadCleanupFailed(GetUri(uploadKey), exception.Message);
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
    }

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
