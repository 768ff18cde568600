using Microsoft.Extensions.Logging;

namespace DurableFlows.Deployments;

/// <summary>Log events of deployment runs.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Deployment run '{RunId}' ({Deployment}): created child instance on queue '{Queue}'.")]
    public static partial void ChildCreated(this ILogger logger, string runId, string deployment, string queue);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Deployment run '{RunId}' ({Deployment}) attempt {Attempt}: task {TaskArn} with cpu {Cpu}, memory {Memory} MiB.")]
    public static partial void TaskLaunched(this ILogger logger, string runId, string deployment, int attempt, string taskArn, int cpu, int memory);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Deployment run '{RunId}' ({Deployment}): RunTask failed: {Reason}.")]
    public static partial void LaunchFailed(this ILogger logger, string runId, string deployment, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Deployment run '{RunId}': stopping task {TaskArn} ({Reason}).")]
    public static partial void StoppingTask(this ILogger logger, string runId, string taskArn, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Deployment run '{RunId}' crashed: {Crash}.")]
    public static partial void Crashed(this ILogger logger, string runId, string crash);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Ignored task state change of {TaskArn} version {Version}: {Why}.")]
    public static partial void IgnoredTaskStateChange(this ILogger logger, string taskArn, long version, string why);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Could not read a task state change message: {Error}.")]
    public static partial void UnreadableTaskStateChange(this ILogger logger, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Task state change source failed; retrying in {Delay}.")]
    public static partial void TaskStateChangeSourceFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Deployment run '{RunId}': its parent '{ParentInstanceId}' is {ParentStatus}; stopping its tasks and terminating it.")]
    public static partial void CascadingTermination(this ILogger logger, string runId, string parentInstanceId, string parentStatus);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Orphaned deployment run sweep failed.")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Runner: serving queue '{Queue}' at {SidecarAddress} for instance '{InstanceId}'.")]
    public static partial void RunnerStarted(this ILogger logger, string queue, Uri sidecarAddress, string instanceId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Runner: instance '{InstanceId}' is {Status}.")]
    public static partial void RunnerFinished(this ILogger logger, string instanceId, string status);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Rejected a worker on queue '{Queue}': {Why}.")]
    public static partial void WorkerRejected(this ILogger logger, string queue, string why);
}
