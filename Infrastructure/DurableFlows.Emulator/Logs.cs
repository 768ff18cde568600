using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator;

/// <summary>Log events of the ECS emulator, with stable ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "ECS emulator listening on {Address}; limits: {Enforcement}")]
    public static partial void EmulatorStarted(this ILogger logger, Uri address, string enforcement);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "cgroups are not writable ({Problem}); falling back to watching each task's resident memory every {Interval}: memory is enforced by polling and cpu is not limited")]
    public static partial void CgroupsUnavailable(this ILogger logger, string problem, TimeSpan interval);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "cgroup {Group} was not removed: {Problem}")]
    public static partial void CgroupNotRemoved(this ILogger logger, string group, string problem);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Task {TaskId}: process {Pid} uses {ResidentMiB} MiB, over its {LimitMiB} MiB; killing it")]
    public static partial void MemoryWatchKill(this ILogger logger, string taskId, int pid, long residentMiB, long limitMiB);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Task {TaskArn}: {LastStatus} (desired {DesiredStatus}, version {Version})")]
    public static partial void TaskStateChanged(this ILogger logger, string taskArn, string lastStatus, string desiredStatus, long version);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Task {TaskId}: container {Container} started as process {Pid} (cpu {Cpu}, memory {Memory} MiB)")]
    public static partial void ContainerStarted(this ILogger logger, string taskId, string container, int pid, string cpu, string memory);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Task {TaskId}: container {Container} exited with {ExitCode} {Reason}")]
    public static partial void ContainerExited(this ILogger logger, string taskId, string container, int? exitCode, string? reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Task {TaskId} {Container}: {Line}")]
    public static partial void ContainerOutput(this ILogger logger, string taskId, string container, string line);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "ECS {Operation} rejected: {ErrorCode}: {ErrorMessage}")]
    public static partial void RequestRejected(this ILogger logger, string operation, string errorCode, string errorMessage);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Task {TaskId}: container {Container} failed to start: {Reason}")]
    public static partial void ContainerFailedToStart(this ILogger logger, string taskId, string container, string reason);
}
