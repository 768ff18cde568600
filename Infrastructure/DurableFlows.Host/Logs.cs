using Microsoft.Extensions.Logging;

namespace DurableFlows.Host;

/// <summary>Log events of the host, with stable ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "[task {Task}] {Line}")]
    public static partial void LogRunnerOutput(this ILogger logger, string task, string line);
}
