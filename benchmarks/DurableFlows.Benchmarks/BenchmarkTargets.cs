using System.Diagnostics;
using DurableFlows.Storage;
using DurableFlows.Storage.Memory;
using DurableFlows.Storage.Sqlite;

namespace DurableFlows.Benchmarks;

/// <summary>The targets by name.</summary>
internal static class BenchmarkTargets
{
    public static readonly IReadOnlyList<string> Names = ["testhost", "memory", "sqlite-full", "sqlite-normal", "sqlite-off", "azure-storage"];

    /// <summary>Returns the name if it is a target's, or throws naming it and the targets there are.</summary>
    public static string Known(string name) =>
        Names.Contains(name) ? name : throw new ArgumentException($"Unknown target '{name}'. Expected one of: {string.Join(", ", Names)}.");

    public static IBenchmarkTarget Create(string name) => Known(name) switch
    {
        "testhost" => new TestHostTarget(),
        "memory" => new SidecarTarget("memory (ours)", () => new OrchestrationBackend("memory", new MemoryOrchestrationService())),
        "sqlite-full" => Sqlite(SqliteDurability.Full),
        "sqlite-normal" => Sqlite(SqliteDurability.Normal),
        "sqlite-off" => Sqlite(SqliteDurability.Off),
        "azure-storage" => new AzureStorageTarget(),
        _ => throw new UnreachableException(name),
    };

    // A fresh database file per run, on the repository's disk, so fsync costs what it costs users.
    private static SidecarTarget Sqlite(SqliteDurability durability)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "bench-db");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{durability}-{Guid.NewGuid():N}.db");
        SqliteOrchestrationService? service = null;
        return new SidecarTarget(
            $"sqlite {durability.ToString().ToLowerInvariant()} (ours)",
            () => new OrchestrationBackend("sqlite", service = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { Path = path, Durability = durability }, TimeProvider.System)),
            () => service?.Statistics is { } statistics ? (statistics.Commits, statistics.LogSyncs) : null,
            async () =>
            {
                // The sidecar does not own its backend: close the store, then remove the scenario's files.
                if (service is not null)
                {
                    await service.DisposeAsync().ConfigureAwait(false);
                }

                foreach (var file in Directory.EnumerateFiles(folder, Path.GetFileName(path) + "*"))
                {
                    File.Delete(file);
                }
            });
    }
}
