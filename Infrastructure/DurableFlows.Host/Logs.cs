using Microsoft.Extensions.Logging;

namespace DurableFlows.Host;

/// <summary>Log events of the host, with stable ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "[task {Task}] {Line}")]
    public static partial void LogRunnerOutput(this ILogger logger, string task, string line);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Runner: loaded bundle {Sha256} ({Orchestrators} flows, {Activities} tasks, {Source}).")]
    public static partial void BundleLoaded(this ILogger logger, string sha256, int orchestrators, int activities, string source);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Runner: refused the bundle of run '{InstanceId}': {Classification}: {Reason} The run fails; no code from the bundle was loaded.")]
    public static partial void BundleRefused(this ILogger logger, string instanceId, string classification, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Runner: persisted the output of run '{InstanceId}' at {Uri}.")]
    public static partial void ResultPersisted(this ILogger logger, string instanceId, string uri);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Runner: the output of run '{InstanceId}' was not persisted: {Reason}")]
    public static partial void ResultNotPersisted(this ILogger logger, string instanceId, string reason);
}
