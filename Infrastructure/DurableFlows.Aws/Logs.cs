using Microsoft.Extensions.Logging;

namespace DurableFlows.Aws;

/// <summary>Log events of the AWS adapters, with stable ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "ECS {Operation} to {Endpoint}")]
    public static partial void EcsCall(this ILogger logger, string operation, Uri endpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "ECS {Operation} attempt {Attempt} failed ({Cause}); retrying in {Delay}")]
    public static partial void EcsRetry(this ILogger logger, string operation, int attempt, string cause, TimeSpan delay);
}
