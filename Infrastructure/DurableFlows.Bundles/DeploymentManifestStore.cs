using System.Security.Cryptography;
using System.Text.Json;

namespace DurableFlows.Bundles;

/// <summary>Reads and writes <see cref="DeploymentManifest"/> records in code storage.</summary>
public sealed class DeploymentManifestStore(ICodeStorage storage)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Points a deployment at a bundle, replacing what it pointed to before.</summary>
    public async Task WriteAsync(DeploymentManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, JsonOptions);
        using var content = new MemoryStream(bytes);
        await storage.PutAsync(CodeStorageLayout.DeploymentKey(manifest.Deployment), content, Convert.ToHexStringLower(SHA256.HashData(bytes)), cancellationToken: cancellationToken);
    }

    /// <summary>Reads the bundle a deployment points to, or null when it was never deployed.</summary>
    public async Task<DeploymentManifest?> ReadAsync(string deployment, CancellationToken cancellationToken = default)
    {
        var key = CodeStorageLayout.DeploymentKey(deployment);
        await using var stream = await storage.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<DeploymentManifest>(stream, JsonOptions, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new CodeStorageException("DeploymentManifestInvalid", $"{storage.GetUri(key)} is not a deployment manifest: {exception.Message}. Deploy '{deployment}' again.", exception);
        }
    }
}
