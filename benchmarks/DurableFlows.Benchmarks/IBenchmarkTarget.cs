using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Benchmarks;

/// <summary>One engine under test: it starts with the benchmark's flows registered and hands out a client.</summary>
internal interface IBenchmarkTarget : IAsyncDisposable
{
    /// <summary>Gets the name printed in the results.</summary>
    string Name { get; }

    /// <summary>Starts the engine and returns a client connected to it.</summary>
    Task<DurableTaskClient> StartAsync(Action<DurableTaskRegistry> register, CancellationToken cancellationToken);

    /// <summary>Gets the storage commits and fsyncs of the log made so far, or null when the target cannot count them.</summary>
    (long Commits, long LogSyncs)? StorageCounters => null;

    /// <summary>Gets the resident memory of a separate server process the target runs (Azurite), or null.</summary>
    double? ServerMemoryMiB => null;
}
