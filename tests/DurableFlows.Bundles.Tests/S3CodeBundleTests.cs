using Amazon.Runtime;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

public sealed class S3CodeBundleTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private static readonly DeploymentTarget[] Targets =
    [
        new("sub-flow1-deployment", "Sub Flow1"),
        new("sub-flow2-deployment", "Sub Flow2"),
    ];

    [Fact]
    public async Task Deploy_uploads_once_and_a_redeploy_of_the_same_bytes_uploads_nothing()
    {
        using var folders = new TestFolders();
        var bucket = await s3.CreateBucketAsync();
        using var s3Storage = s3.Storage(bucket);
        var storage = new CountingCodeStorage(s3Storage);
        var bundle = await folders.BundleAsync();
        var progress = new List<BundleProgress>();
        var deployer = Deployer(storage);

        var first = await deployer.DeployAsync(bundle, Targets, new SynchronousProgress<BundleProgress>(progress.Add));
        var rebuilt = await folders.BundleAsync("again");
        var second = await deployer.DeployAsync(rebuilt, Targets);

        Assert.True(first.Uploaded);
        Assert.False(second.Uploaded);
        Assert.Equal(bundle.Sha256, rebuilt.Sha256);
        Assert.Single(storage.Puts, key => key.StartsWith(CodeStorageLayout.BundlesPrefix, StringComparison.Ordinal));
        Assert.Contains(progress, p => p.Stage == BundleStage.Uploaded);
        Assert.All(second.Rows, row => Assert.False(row.Uploaded));

        var objects = await s3.RawClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(
            ["flows/bundles/sha256/" + bundle.Sha256 + ".zip", "flows/deployments/sub-flow1-deployment.json", "flows/deployments/sub-flow2-deployment.json"],
            objects.S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
        var manifest = await new DeploymentManifestStore(storage).ReadAsync("sub-flow2-deployment");
        Assert.Equal(bundle.Sha256, manifest!.BundleSha256);
        Assert.Equal("Sub Flow2", manifest.Flow);
        Assert.Equal($"s3://{bucket}/flows/bundles/sha256/{bundle.Sha256}.zip", manifest.BundleUri);
    }

    [Fact]
    public async Task Fetch_downloads_verifies_extracts_and_then_serves_from_the_cache()
    {
        using var folders = new TestFolders();
        using var storage = s3.Storage(await s3.CreateBucketAsync());
        var bundle = await folders.BundleAsync(randomBytes: 1024);
        await Deployer(storage).DeployAsync(bundle, Targets);
        var fetcher = new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance);

        var first = await fetcher.FetchAsync(bundle.Sha256);
        var second = await fetcher.FetchAsync(bundle.Sha256);

        Assert.True(first.Downloaded);
        Assert.False(second.Downloaded);
        Assert.Equal("{\"task\":\"a\"}", await File.ReadAllTextAsync(Path.Combine(first.Directory, "lib", "a.json")));
        Assert.Equal(bundle.Sha256, await Sha256Hex.OfFileAsync(second.ZipPath));
    }

    [Fact]
    public async Task A_bundle_changed_in_storage_is_refused_and_never_cached()
    {
        using var folders = new TestFolders();
        var bucket = await s3.CreateBucketAsync();
        using var storage = s3.Storage(bucket);
        var bundle = await folders.BundleAsync();
        await Deployer(storage).DeployAsync(bundle, Targets);
        await s3.RawClient.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "flows/" + bundle.Key,
            ContentBody = "not the code that was deployed",
            UseChunkEncoding = false,
        });
        var cache = folders.Folder("cache");
        var fetcher = new CodeBundleFetcher(storage, cache, NullLogger<CodeBundleFetcher>.Instance);

        var error = await Assert.ThrowsAsync<BundleIntegrityException>(() => fetcher.FetchAsync(bundle.Sha256));

        Assert.Equal("BundleHashMismatch", error.Classification);
        Assert.Contains(bundle.Sha256, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache));
    }

    [Fact]
    public async Task A_damaged_cache_is_fetched_again_from_storage()
    {
        using var folders = new TestFolders();
        using var storage = s3.Storage(await s3.CreateBucketAsync());
        var bundle = await folders.BundleAsync();
        await Deployer(storage).DeployAsync(bundle, Targets);
        var fetcher = new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance);
        var fetched = await fetcher.FetchAsync(bundle.Sha256);
        await File.WriteAllTextAsync(fetched.ZipPath, "tampered");

        var again = await fetcher.FetchAsync(bundle.Sha256);

        Assert.True(again.Downloaded);
        Assert.Equal(bundle.Sha256, await Sha256Hex.OfFileAsync(again.ZipPath));
    }

    [Fact]
    public async Task A_bundle_that_is_not_in_storage_is_classified_as_missing()
    {
        using var folders = new TestFolders();
        using var storage = s3.Storage(await s3.CreateBucketAsync());
        var fetcher = new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance);
        var hash = new string('a', 64);

        var error = await Assert.ThrowsAsync<BundleNotFoundException>(() => fetcher.FetchAsync(hash));

        Assert.Equal("BundleMissing", error.Classification);
        Assert.Contains(hash, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_named_at_deploy_time()
    {
        using var folders = new TestFolders();
        using var storage = s3.Storage("prefect-subflow-missing");
        var bundle = await folders.BundleAsync();

        var error = await Assert.ThrowsAsync<CodeStorageException>(() => Deployer(storage).DeployAsync(bundle, Targets));

        Assert.Equal("NoSuchBucket", error.Classification);
        Assert.Contains("'prefect-subflow-missing' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("durableFlows.storage.bucket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_access_key_is_named_as_such()
    {
        using var folders = new TestFolders();
        using var storage = s3.Storage(await s3.CreateBucketAsync(), credentials: new BasicAWSCredentials("AKIAWRONG", "S3RVER"));
        var bundle = await folders.BundleAsync();

        var error = await Assert.ThrowsAsync<CodeStorageException>(() => Deployer(storage).DeployAsync(bundle, Targets));

        Assert.Equal("InvalidAccessKeyId", error.Classification);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_over_the_limit_is_refused_before_any_upload()
    {
        using var folders = new TestFolders();
        var bucket = await s3.CreateBucketAsync();
        using var storage = s3.Storage(bucket);
        var bundle = await folders.BundleAsync(randomBytes: 64 * 1024);
        var deployer = new CodeDeployer(storage, new CodeBundleBuilder(), maxBundleBytes: 32 * 1024, TimeProvider.System, NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<BundleTooLargeException>(() => deployer.DeployAsync(bundle, Targets));

        Assert.Equal("BundleTooLarge", error.Classification);
        Assert.Contains($"is {bundle.Size} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 32768 bytes", error.Message, StringComparison.Ordinal);
        var objects = await s3.RawClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(objects.S3Objects ?? []);
    }

    [Fact]
    public async Task An_interrupted_upload_leaves_nothing_under_the_real_key_and_a_later_deploy_completes()
    {
        using var folders = new TestFolders();
        var bucket = await s3.CreateBucketAsync();
        using var storage = s3.Storage(bucket);
        var bundle = await folders.BundleAsync(randomBytes: 8 * 1024 * 1024);
        using var cancellation = new CancellationTokenSource();
        long sentWhenCancelled = 0;
        var progress = new SynchronousProgress<BundleProgress>(p =>
        {
            if (p.Stage == BundleStage.Uploading && p.BytesDone > 0 && !cancellation.IsCancellationRequested)
            {
                sentWhenCancelled = p.BytesDone;
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Deployer(storage).DeployAsync(bundle, Targets, progress, cancellation.Token));

        Assert.InRange(sentWhenCancelled, 1, bundle.Size - 1);
        Assert.Null(await storage.HeadAsync(bundle.Key));
        var objects = await s3.RawClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(objects.S3Objects ?? []);

        var retried = await Deployer(storage).DeployAsync(bundle, Targets);
        Assert.True(retried.Uploaded);
        Assert.Equal(bundle.Size, (await storage.HeadAsync(bundle.Key))!.Size);
    }

    [Fact]
    public async Task Upload_and_fetch_of_a_4_MiB_bundle_report_their_times()
    {
        using var folders = new TestFolders();
        using var storage = s3.Storage(await s3.CreateBucketAsync());
        var bundle = await folders.BundleAsync(randomBytes: 4 * 1024 * 1024);
        var fetcher = new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance);

        var upload = System.Diagnostics.Stopwatch.StartNew();
        await Deployer(storage).DeployAsync(bundle, Targets);
        upload.Stop();
        var fetch = System.Diagnostics.Stopwatch.StartNew();
        var fetched = await fetcher.FetchAsync(bundle.Sha256);
        fetch.Stop();

        Assert.True(fetched.Downloaded);
        Console.WriteLine($"4 MiB bundle against s3rver: deploy {upload.ElapsedMilliseconds} ms, fetch+verify+extract {fetch.ElapsedMilliseconds} ms");
    }

    private static CodeDeployer Deployer(ICodeStorage storage)
        => new(storage, new CodeBundleBuilder(), CodeStorageOptions.DefaultMaxBundleBytes, TimeProvider.System, NullLoggerFactory.Instance);
}
