using System.Security.Cryptography;
using System.Text;

namespace DurableFlows.Bundles;

/// <summary>
/// Persists each deployment run's output as <c>results/&lt;runId&gt;.json</c>, an object users can read
/// with any S3 tool, like Prefect's result persistence. The object holds the output's JSON as the run
/// returned it.
/// </summary>
public sealed class ResultStore(ICodeStorage storage)
{
    /// <summary>Writes a run's serialized output (JSON; null is written as <c>null</c>) and returns where it is.</summary>
    public async Task<string> WriteAsync(string runId, string? output, CancellationToken cancellationToken = default)
    {
        var key = CodeStorageLayout.ResultKey(runId);
        var bytes = Encoding.UTF8.GetBytes(output ?? "null");
        using var content = new MemoryStream(bytes, writable: false);
        await storage.PutAsync(key, content, Convert.ToHexStringLower(SHA256.HashData(bytes)), cancellationToken: cancellationToken);
        return storage.GetUri(key);
    }

    /// <summary>Reads a run's persisted output, or null when none was written.</summary>
    public async Task<string?> ReadAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var stream = await storage.OpenReadAsync(CodeStorageLayout.ResultKey(runId), cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
