using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Orchestrations.Tests;

/// <summary>
/// An orchestration context that records what a flow calls, in order, and answers activities and
/// sub-flows from functions the test gives: the flow's logic runs without a backend.
/// </summary>
internal sealed class RecordingOrchestrationContext(
    string instanceId,
    Func<string, object?, object?> activity,
    Func<string, object?, object?> subOrchestration) : TaskOrchestrationContext
{
    public List<string> Calls { get; } = [];

    public override TaskName Name => "test";

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override T? GetInput<T>() where T : default => default;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Calls.Add($"task {name.Name}");
        return Task.FromResult((TResult)activity(name.Name, input)!);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        Calls.Add($"flow {orchestratorName.Name}");
        return Task.FromResult((TResult)subOrchestration(orchestratorName.Name, input)!);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"The reference flows wait for no event; '{eventName}' was awaited.");

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new InvalidOperationException($"The reference flows send no event; '{eventName}' was sent.");

    public override void SetCustomStatus(object? customStatus)
    {
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new InvalidOperationException("The reference flows do not continue as new.");

    public override Guid NewGuid() => Guid.Empty;
}
