using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>
/// <c>durableflows deploy</c> without the console: check code storage, build the bundle, upload it once,
/// and point each deployment at it.
/// </summary>
public sealed class CodeDeployer
{
    private readonly ICodeStorage _storage;
    private readonly CodeBundleBuilder _builder;
    private readonly CodeBundleUploader _uploader;
    private readonly DeploymentManifestStore _manifests;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the deployer.</summary>
    public CodeDeployer(ICodeStorage storage, CodeBundleBuilder builder, long maxBundleBytes, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _storage = storage;
        _builder = builder;
        _uploader = new CodeBundleUploader(storage, maxBundleBytes, loggerFactory.CreateLogger<CodeBundleUploader>());
        _manifests = new DeploymentManifestStore(storage);
        _timeProvider = timeProvider;
    }

    /// <summary>Builds the flow projects and deploys the bundle to <paramref name="deployments"/>.</summary>
    public async Task<DeploySummary> DeployAsync(IReadOnlyList<string> projectPaths, string workDirectory, IReadOnlyList<DeploymentTarget> deployments, IProgress<BundleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        // Before the build: wrong credentials or a missing bucket should not cost a minute of publishing.
        await _storage.CheckAccessAsync(cancellationToken);
        var bundle = await _builder.BuildAsync(projectPaths, workDirectory, progress, cancellationToken);
        return await DeployAsync(bundle, deployments, progress, cancellationToken);
    }

    /// <summary>Deploys a built bundle to <paramref name="deployments"/>.</summary>
    public async Task<DeploySummary> DeployAsync(CodeBundle bundle, IReadOnlyList<DeploymentTarget> deployments, IProgress<BundleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(deployments);
        await _storage.CheckAccessAsync(cancellationToken);
        var uploaded = await _uploader.UploadAsync(bundle, progress, cancellationToken);
        var uri = _storage.GetUri(bundle.Key);
        var rows = new List<DeploySummaryRow>(deployments.Count);
        foreach (var target in deployments)
        {
            progress?.Report(new BundleProgress(BundleStage.Recording, target.Deployment));
            await _manifests.WriteAsync(
                new DeploymentManifest(target.Deployment, target.Flow, bundle.Sha256, bundle.Size, uri, _timeProvider.GetUtcNow()),
                cancellationToken);
            rows.Add(new DeploySummaryRow(target.Deployment, target.Flow, bundle.Sha256, bundle.Size, uploaded));
        }

        return new DeploySummary(bundle, uri, uploaded, rows);
    }
}
