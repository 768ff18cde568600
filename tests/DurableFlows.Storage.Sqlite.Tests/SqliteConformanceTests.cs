using DurableFlows.Storage.Tests;
using DurableTask.Core;

namespace DurableFlows.Storage.Sqlite.Tests;

/// <summary>The shared backend behaviour, against a real SQLite file at full durability.</summary>
public sealed class SqliteConformanceTests : OrchestrationServiceConformance
{
    private readonly TempFolder _folder = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    protected override Task<IOrchestrationService> CreateServiceAsync(TimeProvider time, ConformanceOptions options) =>
        Task.FromResult<IOrchestrationService>(new SqliteOrchestrationService(
            new SqliteOrchestrationServiceOptions
            {
                Path = _folder.File("conformance.db"),
                LockTimeout = options.LockTimeout,
                MaxDequeueCount = options.MaxDequeueCount,
            },
            time));
}
