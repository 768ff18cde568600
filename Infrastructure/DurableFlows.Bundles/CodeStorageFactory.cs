using Microsoft.Extensions.Logging;

namespace DurableFlows.Bundles;

/// <summary>Creates the code storage that <see cref="CodeStorageOptions"/> describe.</summary>
public static class CodeStorageFactory
{
    /// <summary>Creates the storage.</summary>
    /// <param name="options">The validated <c>durableFlows.storage</c> settings.</param>
    /// <param name="baseDirectory">The folder a relative local <c>path</c> is resolved against, normally host.json's.</param>
    /// <param name="loggerFactory">Logs storage events.</param>
    public static ICodeStorage Create(CodeStorageOptions options, string baseDirectory, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Type == CodeStorageOptions.S3Type
            ? new S3CodeStorage(options, loggerFactory.CreateLogger<S3CodeStorage>())
            : new LocalCodeStorage(Path.GetFullPath(options.Path, baseDirectory));
    }
}
