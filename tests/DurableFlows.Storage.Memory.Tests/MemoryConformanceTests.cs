using DurableFlows.Storage.Tests;
using DurableTask.Core;

namespace DurableFlows.Storage.Memory.Tests;

/// <summary>The shared backend behaviour, against the in-memory backend that tests and benchmarks use.</summary>
public sealed class MemoryConformanceTests : OrchestrationServiceConformance
{
    protected override Task<IOrchestrationService> CreateServiceAsync(TimeProvider time, ConformanceOptions options) =>
        Task.FromResult<IOrchestrationService>(new MemoryOrchestrationService(
            new MemoryOrchestrationServiceOptions
            {
                LockTimeout = options.LockTimeout,
                MaxDequeueCount = options.MaxDequeueCount,
            },
            time));
}
