using System.Globalization;

namespace DurableFlows.Bundles;

/// <summary>
/// Code storage in a local folder, the embedded default: a key is a file path under the folder. Writes
/// go to a temporary file under <c>uploads/</c>, are hashed on the way, and are renamed into place only
/// when the hash matches, so a reader never sees a partial file.
/// </summary>
public sealed class LocalCodeStorage : ICodeStorage
{
    private readonly string _root;

    /// <summary>Creates the storage over <paramref name="root"/>; the folder is created on first write.</summary>
    public LocalCodeStorage(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public string Location => new Uri(_root + Path.DirectorySeparatorChar).ToString();

    /// <inheritdoc />
    public string GetUri(string key) => new Uri(FilePath(key)).ToString();

    /// <inheritdoc />
    public Task CheckAccessAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Directory.CreateDirectory(_root);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CodeStorageException("FolderNotWritable", $"The code storage folder '{_root}' cannot be created: {exception.Message}. Fix host.json durableFlows.storage.path.", exception);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(FilePath(key));
        return Task.FromResult(file.Exists ? new StoredObject(key, file.Length, null) : null);
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string sha256, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Sha256Hex.Require(sha256, nameof(sha256));
        var target = FilePath(key);
        var temporary = FilePath(CodeStorageLayout.UploadKey());
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        try
        {
            string written;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                (written, _) = await Sha256Hex.CopyAsync(content, file, progress, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            if (written != sha256)
            {
                throw new BundleIntegrityException(
                    BundleIntegrityException.UploadMismatch,
                    $"The bytes written for {key} have SHA-256 {written}; expected {sha256}. Nothing was stored under {key}.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = FilePath(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var keys = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(keyPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(keys);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(FilePath(key));
        return Task.CompletedTask;
    }

    private string FilePath(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"key = '{key}' points outside the code storage folder '{_root}'; expected a relative key such as 'bundles/sha256/<hash>.zip'."), nameof(key));
        }

        return path;
    }
}
