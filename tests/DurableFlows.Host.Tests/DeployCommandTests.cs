using System.Text.Json;
using Amazon.S3.Model;
using DurableFlows.Bundles;
using DurableFlows.Bundles.Tests;

namespace DurableFlows.Host.Tests;

/// <summary>
/// <c>durableflows deploy</c> and <c>durableflows run</c> as child processes against s3rver: the bundle is
/// uploaded once, the local ECS emulator's runners pull it from S3, and bad storage settings or a bad
/// bundle get errors that name what was wrong.
/// </summary>
[Collection(CodeStorageCollection.Name)]
public sealed class DeployCommandTests(S3rverFixture s3)
{
    [Fact]
    public async Task Deploy_uploads_once_a_redeploy_uploads_nothing_and_Main_Flow2_runs_the_bundle_pulled_from_S3()
    {
        using var site = new DeploySite(s3, await s3.CreateBucketAsync());

        var first = await site.DeployAsync();
        var firstObjects = await ObjectsAsync(site.Bucket);
        var second = await site.DeployAsync();
        var run = await site.DurableFlowsAsync(DeploySite.Credentials(), "run", "Main Flow2");

        Assert.True(first.ExitCode == 0, first.Errors);
        var bundleKey = Assert.Single(firstObjects.Keys, k => k.StartsWith("flows/bundles/sha256/", StringComparison.Ordinal));
        var sha256 = bundleKey["flows/bundles/sha256/".Length..^".zip".Length];
        Assert.Equal(
            ["flows/deployments/sub-flow1-deployment.json", "flows/deployments/sub-flow2-deployment.json", "flows/deployments/sub-flow3-deployment.json"],
            firstObjects.Keys.Where(k => k.StartsWith("flows/deployments/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var deployment in new[] { "sub-flow1-deployment", "sub-flow2-deployment", "sub-flow3-deployment" })
        {
            Assert.Matches($@"{deployment}\s*│[^│]+│\s*{sha256}\s*│\s*\d+\.\d MiB\s*│\s*uploaded", first.Output);
            Assert.Matches($@"{deployment}\s*│[^│]+│\s*{sha256}\s*│\s*\d+\.\d MiB\s*│\s*unchanged", second.Output);
        }

        Assert.Contains("durableflows deploy: uploading", first.Errors, StringComparison.Ordinal);

        // Same code, same bundle: nothing sent, the stored object untouched.
        Assert.True(second.ExitCode == 0, second.Errors);
        Assert.Contains("Nothing uploaded", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("durableflows deploy: uploading", second.Errors, StringComparison.Ordinal);
        var secondObjects = await ObjectsAsync(site.Bucket);
        Assert.Equal(firstObjects[bundleKey], secondObjects[bundleKey]);

        Assert.True(run.ExitCode == 0, run.Errors);
        using var status = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
        Assert.Equal("Completed", status.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(3, CountOf(run.Errors, $"Runner: loaded bundle {sha256}"));
        Assert.Equal(1, CountOf(run.Errors, $"Fetched bundle {sha256}"));

        // Each deployment run's output is persisted where users can read it.
        var instanceId = status.RootElement.GetProperty("instanceId").GetString();
        var results = (await ObjectsAsync(site.Bucket)).Keys.Where(k => k.StartsWith("flows/results/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { 1, 2, 3 }.Select(n => $"flows/results/{instanceId}-run-{n}.json"), results);
        using var result = JsonDocument.Parse(await ReadAsync(site.Bucket, results[1]));
        Assert.Equal("Sub Flow2", result.RootElement.GetProperty("Flow").GetString());
    }

    [Fact]
    public async Task A_missing_bucket_fails_before_anything_is_built_and_names_the_bucket()
    {
        using var site = new DeploySite(s3, "no-such-bucket-" + Guid.NewGuid().ToString("N")[..12]);

        var deploy = await site.DeployAsync();

        Assert.Equal(1, deploy.ExitCode);
        Assert.Contains($"NoSuchBucket: S3 bucket '{site.Bucket}' does not exist", deploy.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("building", deploy.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_the_S3_error_and_upload_nothing()
    {
        using var site = new DeploySite(s3, await s3.CreateBucketAsync());

        var deploy = await site.DeployAsync(DeploySite.Credentials(accessKey: "NOT-A-KEY"));

        Assert.Equal(1, deploy.ExitCode);
        Assert.Contains("InvalidAccessKeyId", deploy.Errors, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", deploy.Errors, StringComparison.Ordinal);
        Assert.Empty(await ObjectsAsync(site.Bucket));
    }

    [Fact]
    public async Task A_bundle_over_the_configured_limit_is_not_uploaded_and_no_deployment_moves()
    {
        using var site = new DeploySite(s3, await s3.CreateBucketAsync(), extraStorage: ", \"maxBundleBytes\": 100000");

        var deploy = await site.DeployAsync();

        Assert.Equal(1, deploy.ExitCode);
        Assert.Contains("BundleTooLarge: Bundle ", deploy.Errors, StringComparison.Ordinal);
        Assert.Contains("over the limit of 100000 bytes", deploy.Errors, StringComparison.Ordinal);
        Assert.Empty(await ObjectsAsync(site.Bucket));
    }

    [Theory]
    [InlineData("tampered", "BundleHashMismatch")]
    [InlineData("missing", "BundleMissing")]
    public async Task A_run_whose_bundle_is_tampered_or_missing_fails_classified_and_loads_nothing(string damage, string classification)
    {
        using var site = new DeploySite(s3, await s3.CreateBucketAsync());
        using var storage = s3.Storage(site.Bucket);
        var deployed = "what was deployed"u8.ToArray();
        var sha256 = Sha256Hex.Of(deployed);
        var manifests = new DeploymentManifestStore(storage);
        foreach (var (deployment, flow) in new[] { ("sub-flow1-deployment", "Sub Flow1"), ("sub-flow2-deployment", "Sub Flow2"), ("sub-flow3-deployment", "Sub Flow3") })
        {
            await manifests.WriteAsync(new DeploymentManifest(deployment, flow, sha256, deployed.Length, storage.GetUri(CodeStorageLayout.BundleKey(sha256)), DateTimeOffset.UtcNow));
        }

        if (damage == "tampered")
        {
            await s3.RawClient.PutObjectAsync(new PutObjectRequest
            {
                BucketName = site.Bucket,
                Key = "flows/" + CodeStorageLayout.BundleKey(sha256),
                ContentBody = "something else",
                UseChunkEncoding = false,
            });
        }

        var run = await site.DurableFlowsAsync(DeploySite.Credentials(), "run", "Main Flow2");

        Assert.Equal(1, run.ExitCode);
        using var status = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
        Assert.Equal("Failed", status.RootElement.GetProperty("runtimeStatus").GetString());
        var failure = status.RootElement.GetProperty("failureDetails").GetProperty("errorMessage").GetString();
        Assert.Matches($@"^Sub Flow\d/sub-flow\d-deployment failed: DurableFlows\.Host\.BundleRefusedException: {classification}: ", failure);
        Assert.Contains(sha256, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Runner: loaded bundle", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("task A", run.Errors, StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> ObjectsAsync(string bucket)
    {
        var listed = await s3.RawClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return (listed.S3Objects ?? []).ToDictionary(o => o.Key, o => $"{o.ETag} {o.Size} {o.LastModified:O}", StringComparer.Ordinal);
    }

    private async Task<string> ReadAsync(string bucket, string key)
    {
        using var response = await s3.RawClient.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
