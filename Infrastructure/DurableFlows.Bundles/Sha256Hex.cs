using System.Security.Cryptography;

namespace DurableFlows.Bundles;

/// <summary>SHA-256 digests as the lowercase hex strings that name bundles and payloads.</summary>
public static class Sha256Hex
{
    /// <summary>Computes the digest of a byte span.</summary>
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Computes the digest of a stream from its current position to its end.</summary>
    public static async Task<string> OfAsync(Stream stream, CancellationToken cancellationToken = default)
        => Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));

    /// <summary>Computes the digest of a file.</summary>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await OfAsync(stream, cancellationToken);
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>, hashing the bytes on the way.</summary>
    /// <returns>The digest of the copied bytes and their count.</returns>
    public static async Task<(string Sha256, long Size)> CopyAsync(Stream source, Stream target, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            size += read;
            progress?.Report(size);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    /// <summary>Gets whether <paramref name="value"/> is 64 lowercase hex digits.</summary>
    public static bool IsValid(string? value)
        => value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Returns <paramref name="value"/> when it is a valid digest, otherwise throws naming it.</summary>
    public static string Require(string? value, string name)
        => IsValid(value)
            ? value!
            : throw new ArgumentException($"{name} = '{value}' is not a SHA-256; expected 64 lowercase hex digits.", name);
}
