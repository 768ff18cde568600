namespace DurableFlows.Deployments;

/// <summary>Where "ECS Task State Change" events come from: an SQS queue fed by EventBridge, or the local emulator.</summary>
public interface ITaskStateChangeSource
{
    /// <summary>Gets the events as they arrive, until cancelled.</summary>
    IAsyncEnumerable<TaskStateChangeMessage> ReadAllAsync(CancellationToken cancellationToken);
}
