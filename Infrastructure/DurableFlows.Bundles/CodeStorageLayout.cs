using System.Globalization;

namespace DurableFlows.Bundles;

/// <summary>
/// The keys DurableFlows uses inside code storage, relative to the configured prefix:
/// <list type="bullet">
/// <item><c>bundles/sha256/&lt;hash&gt;.zip</c>: a code bundle, named by the SHA-256 of its bytes.</item>
/// <item><c>deployments/&lt;name&gt;.json</c>: the bundle a deployment points to now.</item>
/// <item><c>payloads/&lt;instanceId&gt;/&lt;sha256&gt;</c>: a large input, output or event payload.</item>
/// <item><c>results/&lt;runId&gt;.json</c>: a run's persisted output.</item>
/// <item><c>uploads/&lt;id&gt;</c>: bytes being written; never read.</item>
/// </list>
/// </summary>
public static class CodeStorageLayout
{
    /// <summary>The key prefix of all bundles.</summary>
    public const string BundlesPrefix = "bundles/sha256/";

    /// <summary>The key prefix of deployment manifests.</summary>
    public const string DeploymentsPrefix = "deployments/";

    /// <summary>The key prefix of objects being written.</summary>
    public const string UploadsPrefix = "uploads/";

    /// <summary>Gets the key of the bundle with SHA-256 <paramref name="sha256"/>.</summary>
    public static string BundleKey(string sha256) => BundlesPrefix + Sha256Hex.Require(sha256, nameof(sha256)) + ".zip";

    /// <summary>Gets the key of a deployment's manifest.</summary>
    public static string DeploymentKey(string deploymentName) => DeploymentsPrefix + Segment(deploymentName, nameof(deploymentName)) + ".json";

    /// <summary>Gets the key prefix under which an instance's payloads are stored.</summary>
    public static string PayloadsPrefix(string instanceId) => "payloads/" + Segment(instanceId, nameof(instanceId)) + "/";

    /// <summary>Gets the key of one payload of an instance.</summary>
    public static string PayloadKey(string instanceId, string sha256) => PayloadsPrefix(instanceId) + Sha256Hex.Require(sha256, nameof(sha256));

    /// <summary>Gets the key of a run's persisted result.</summary>
    public static string ResultKey(string runId) => "results/" + Segment(runId, nameof(runId)) + ".json";

    /// <summary>Gets a fresh key to write bytes to before they are moved under their real key.</summary>
    public static string UploadKey() => UploadsPrefix + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Gets whether <paramref name="value"/> can be one segment of a key, as an instance id or a name must be.</summary>
    /// <remarks>A '/' or '..' would let a name escape its folder, in S3 and on disk alike.</remarks>
    internal static bool IsSegment(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && !value.Contains('/', StringComparison.Ordinal)
        && !value.Contains('\\', StringComparison.Ordinal)
        && value is not ("." or "..");

    private static string Segment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (!IsSegment(value))
        {
            throw new ArgumentException($"{name} = '{value}' cannot be used in a storage key; expected a name without '/', '\\' and not '.' or '..'.", name);
        }

        return value;
    }
}
