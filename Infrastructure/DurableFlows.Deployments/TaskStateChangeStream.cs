using System.Runtime.CompilerServices;

namespace DurableFlows.Deployments;

/// <summary>
/// Task state change events from an in-process stream, such as the local ECS emulator's subscription.
/// Nothing is redelivered, so acknowledging is a no-op; reconciliation covers an event lost to a crash.
/// The stream must end when the token given to its enumerator is cancelled, or the host's stop waits for it.
/// </summary>
public sealed class TaskStateChangeStream(IAsyncEnumerable<string> events) : ITaskStateChangeSource
{
    /// <inheritdoc />
    public async IAsyncEnumerable<TaskStateChangeMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var body in events.WithCancellation(cancellationToken))
        {
            yield return new TaskStateChangeMessage(body, static _ => Task.CompletedTask);
        }
    }
}
