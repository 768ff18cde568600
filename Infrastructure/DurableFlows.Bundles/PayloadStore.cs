using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>
/// Keeps large inputs, outputs and event payloads out of the history: a serialized value above
/// <see cref="PayloadStoreOptions.ThresholdBytes"/> is written to <c>payloads/&lt;instanceId&gt;/&lt;sha256&gt;</c> in
/// code storage (or a separate payload storage) and replaced by a <see cref="PayloadReference"/>.
/// </summary>
public sealed class PayloadStore
{
    private readonly ICodeStorage _storage;
    private readonly int _thresholdBytes;
    private readonly ILogger<PayloadStore> _logger;

    /// <summary>Creates the store.</summary>
    public PayloadStore(ICodeStorage storage, PayloadStoreOptions options, ILogger<PayloadStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ThresholdBytes < 256)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"PayloadStoreOptions.ThresholdBytes = {options.ThresholdBytes} is too small; expected at least 256 bytes, so a reference is never larger than the value it replaces."), nameof(options));
        }

        _storage = storage;
        _thresholdBytes = options.ThresholdBytes;
        _logger = logger;
    }

    /// <summary>Gets the threshold in bytes.</summary>
    public int ThresholdBytes => _thresholdBytes;

    /// <summary>
    /// Returns <paramref name="serialized"/> unchanged when it is at most the threshold, otherwise stores
    /// it and returns the reference's JSON.
    /// </summary>
    public async Task<string?> OffloadAsync(string instanceId, string? serialized, CancellationToken cancellationToken = default)
    {
        // UTF-8 takes at most 3 bytes per UTF-16 char, so short strings need no byte count.
        if (serialized is null || serialized.Length <= _thresholdBytes / 3)
        {
            return serialized;
        }

        var bytes = Encoding.UTF8.GetBytes(serialized);
        if (bytes.Length <= _thresholdBytes)
        {
            return serialized;
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = CodeStorageLayout.PayloadKey(instanceId, sha256);

        // Same instance, same bytes, same key: a replayed or retried write need not send them again.
        if (await _storage.HeadAsync(key, cancellationToken) is not { } existing || existing.Size != bytes.Length)
        {
            using var content = new MemoryStream(bytes, writable: false);
            await _storage.PutAsync(key, content, sha256, cancellationToken: cancellationToken);
        }

        var reference = new PayloadReference(_storage.GetUri(key), key, sha256, bytes.Length);
        _logger.PayloadOffloaded(bytes.Length, instanceId, reference.Uri);
        return reference.ToJson();
    }

    /// <summary>Returns the value a reference stands for (verified), or <paramref name="value"/> itself when it is not a reference.</summary>
    /// <exception cref="PayloadException">The payload is missing, damaged, or the reference is malformed.</exception>
    public async Task<string?> ResolveAsync(string? value, CancellationToken cancellationToken = default)
    {
        if (PayloadReference.TryParse(value) is not { } reference)
        {
            return value;
        }

        if (!reference.Key.StartsWith("payloads/", StringComparison.Ordinal) || _storage.GetUri(reference.Key) != reference.Uri)
        {
            throw new PayloadException(PayloadException.ReferenceInvalid, $"Payload reference {reference.Uri} does not point into this payload store ({_storage.Location}payloads/); check the payload storage settings.");
        }

        await using var stream = await _storage.OpenReadAsync(reference.Key, cancellationToken)
            ?? throw new PayloadException(PayloadException.Missing, $"Payload {reference.Uri} ({reference.Size.ToString(CultureInfo.InvariantCulture)} bytes) is not in storage; its instance may have been purged.");
        using var buffer = new MemoryStream(reference.Size is > 0 and < int.MaxValue ? (int)reference.Size : 0);
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var actual = Sha256Hex.Of(bytes);
        if (actual != reference.Sha256)
        {
            throw new PayloadException(PayloadException.HashMismatch, string.Create(CultureInfo.InvariantCulture, $"Payload {reference.Uri} has SHA-256 {actual} ({bytes.Length} bytes); the reference names {reference.Sha256} ({reference.Size} bytes). The object was changed or damaged."));
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Deletes every payload object of an instance.</summary>
    /// <returns>How many objects were deleted.</returns>
    public async Task<int> DeleteForInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var keys = await _storage.ListAsync(CodeStorageLayout.PayloadsPrefix(instanceId), cancellationToken);
        foreach (var key in keys)
        {
            await _storage.DeleteAsync(key, cancellationToken);
        }

        return keys.Count;
    }

    /// <summary>
    /// Deletes the payload objects of instances a purge removed. A failure for one instance is logged and
    /// the others still go; it throws nothing, because the purge it follows is already committed.
    /// </summary>
    /// <returns>How many objects were deleted.</returns>
    public async Task<int> DeleteForPurgedAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var deleted = 0;

        // An id that cannot be a key segment never had a payload offloaded: offloading it would have failed.
        foreach (var instanceId in instanceIds.Where(CodeStorageLayout.IsSegment))
        {
            try
            {
                var count = await DeleteForInstanceAsync(instanceId, cancellationToken);
                deleted += count;
                if (count > 0)
                {
                    _logger.PayloadsPurged(count, instanceId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.PayloadPurgeFailed(e, instanceId, _storage.GetUri(CodeStorageLayout.PayloadsPrefix(instanceId)));
            }
        }

        return deleted;
    }
}
