namespace DurableFlows.Bundles.Tests;

/// <summary>Code storage that counts the writes it passes on, to prove what a deploy sent.</summary>
internal sealed class CountingCodeStorage(ICodeStorage inner) : ICodeStorage
{
    private readonly List<string> _puts = [];

    public IReadOnlyList<string> Puts => _puts;

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

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
}
