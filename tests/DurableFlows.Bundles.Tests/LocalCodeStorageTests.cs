using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

public sealed class LocalCodeStorageTests
{
    [Fact]
    public async Task Deploy_and_fetch_work_on_a_local_folder_and_a_redeploy_uploads_nothing()
    {
        using var folders = new TestFolders();
        var storage = CodeStorageFactory.Create(new CodeStorageOptions { Type = "local", Path = "code" }, folders.Root, NullLoggerFactory.Instance);
        var bundle = await folders.BundleAsync();
        var deployer = new CodeDeployer(storage, new CodeBundleBuilder(), CodeStorageOptions.DefaultMaxBundleBytes, TimeProvider.System, NullLoggerFactory.Instance);
        var targets = new[] { new DeploymentTarget("sub-flow1-deployment", "Sub Flow1") };

        var first = await deployer.DeployAsync(bundle, targets);
        var second = await deployer.DeployAsync(bundle, targets);
        var fetched = await new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance).FetchAsync(bundle.Sha256);

        Assert.True(first.Uploaded);
        Assert.False(second.Uploaded);
        Assert.True(File.Exists(Path.Combine(folders.Root, "code", "bundles", "sha256", bundle.Sha256 + ".zip")));
        Assert.Equal(["bundles/sha256/" + bundle.Sha256 + ".zip", "deployments/sub-flow1-deployment.json"], await storage.ListAsync(""));
        Assert.True(File.Exists(Path.Combine(fetched.Directory, "Flows.txt")));
    }

    [Fact]
    public async Task A_run_pinned_to_a_bundle_still_fetches_it_after_a_redeploy_of_new_code()
    {
        using var folders = new TestFolders();
        var storage = new LocalCodeStorage(folders.Folder("code"));
        var deployer = new CodeDeployer(storage, new CodeBundleBuilder(), CodeStorageOptions.DefaultMaxBundleBytes, TimeProvider.System, NullLoggerFactory.Instance);
        var targets = new[] { new DeploymentTarget("sub-flow1-deployment", "Sub Flow1") };
        var manifests = new DeploymentManifestStore(storage);
        var old = await folders.BundleAsync("old");
        await deployer.DeployAsync(old, targets);
        var pinned = (await manifests.ReadAsync("sub-flow1-deployment"))!.BundleSha256;

        var changed = await folders.BundleAsync("new", randomBytes: 16);
        await deployer.DeployAsync(changed, targets);
        var fetched = await new CodeBundleFetcher(storage, folders.Folder("cache"), NullLogger<CodeBundleFetcher>.Instance).FetchAsync(pinned);

        Assert.Equal(old.Sha256, pinned);
        Assert.Equal(changed.Sha256, (await manifests.ReadAsync("sub-flow1-deployment"))!.BundleSha256);
        Assert.False(File.Exists(Path.Combine(fetched.Directory, "data.bin")));
    }

    [Fact]
    public async Task Bytes_that_do_not_match_their_hash_are_not_stored()
    {
        using var folders = new TestFolders();
        var storage = new LocalCodeStorage(folders.Folder("code"));
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("payload"));

        var error = await Assert.ThrowsAsync<BundleIntegrityException>(() => storage.PutAsync("payloads/run-1/x", content, new string('0', 64)));

        Assert.Equal(BundleIntegrityException.UploadMismatch, error.Classification);
        Assert.Empty(await storage.ListAsync(""));
    }

    [Fact]
    public async Task A_key_cannot_escape_the_folder()
    {
        using var folders = new TestFolders();
        var storage = new LocalCodeStorage(folders.Folder("code"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => storage.OpenReadAsync("../outside.txt"));

        Assert.Contains("'../outside.txt' points outside the code storage folder", error.Message, StringComparison.Ordinal);
    }
}
