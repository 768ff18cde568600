using Microsoft.Extensions.Logging;

namespace DurableFlows.Http;

/// <summary>Log events of the HTTP API, with stable ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "HTTP API in development mode: no API key is configured (durableFlows.http.apiKeys, DURABLEFLOWS_API_KEY), so every caller on {Urls} may start and manage flows. Allowed because every URL is loopback.")]
    public static partial void DevelopmentMode(this ILogger logger, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rejected {Method} {Path}: {Reason}.")]
    public static partial void Rejected(this ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Started orchestration '{Name}' as instance '{InstanceId}'.")]
    public static partial void Started(this ILogger logger, string name, string instanceId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Operation} instance '{InstanceId}'.")]
    public static partial void Managed(this ILogger logger, string operation, string instanceId);
}
