namespace DurableFlows.Bundles.Tests;

/// <summary>
/// Code storage that counts the writes it passes on, to prove what a deploy sent, and can refuse one
/// delete, as S3 does when access is denied.
/// </summary>
internal sealed class CountingCodeStorage(ICodeStorage inner) : ICodeStorage
{
    private readonly List<string> _puts = [];

    public IReadOnlyList<string> Puts => _puts;

    /// <summary>Gets or sets a key prefix: the next delete under it throws, once.</summary>
    public string? FailOneDeleteUnder { get; set; }

    public string Location => inner.Location;

    public string GetUri(string key) => inner.GetUri(key);

    public Task CheckAccessAsync(CancellationToken cancellationToken = default) => inner.CheckAccessAsync(cancellationToken);

    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken = default) => inner.HeadAsync(key, cancellationToken);

    public Task PutAsync(string key, Stream content, string sha256, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        _puts.Add(key);
        return inner.PutAsync(key, content, sha256, progress, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string keyPrefix, CancellationToken cancellationToken = default) => inner.ListAsync(keyPrefix, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (FailOneDeleteUnder is { } prefix && key.StartsWith(prefix, StringComparison.Ordinal))
        {
            FailOneDeleteUnder = null;
            throw new CodeStorageException("AccessDenied", $"DeleteObject {GetUri(key)} was refused: Access Denied.");
        }

        return inner.DeleteAsync(key, cancellationToken);
    }
}
