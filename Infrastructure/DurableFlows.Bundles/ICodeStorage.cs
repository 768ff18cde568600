namespace DurableFlows.Bundles;

/// <summary>
/// Where flow code, large payloads and results live: an S3 bucket and prefix, or a local folder.
/// Keys are relative to the configured prefix and use <c>/</c> (see <see cref="CodeStorageLayout"/>).
/// </summary>
public interface ICodeStorage
{
    /// <summary>Gets where this storage points, such as <c>s3://bucket/prefix</c>, for messages and tables.</summary>
    string Location { get; }

    /// <summary>Gets the full address of <paramref name="key"/>, such as <c>s3://bucket/prefix/key</c>.</summary>
    string GetUri(string key);

    /// <summary>
    /// Checks that the storage can be reached with the configured credentials and that its bucket or
    /// folder exists, so a deploy fails before it builds or uploads anything.
    /// </summary>
    /// <exception cref="CodeStorageException">The credentials are wrong, the bucket is missing or access is denied.</exception>
    Task CheckAccessAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets an object's size and stored SHA-256, or null when there is no object under <paramref name="key"/>.</summary>
    Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="key"/> so that the object becomes visible only
    /// complete and verified: a cancelled or failed write leaves nothing under <paramref name="key"/>.
    /// </summary>
    /// <param name="key">The object's key.</param>
    /// <param name="content">A seekable stream positioned at the start of the bytes to store.</param>
    /// <param name="sha256">The lowercase hex SHA-256 of the bytes, recorded with the object.</param>
    /// <param name="progress">Receives the number of bytes sent so far.</param>
    /// <param name="cancellationToken">Stops the write; nothing is left under <paramref name="key"/>.</param>
    Task PutAsync(string key, Stream content, string sha256, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading, or returns null when there is no object under <paramref name="key"/>.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys that start with <paramref name="keyPrefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string keyPrefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object under <paramref name="key"/>; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
