using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host;

/// <summary>Logging for the command: to stderr, so stdout carries only results.</summary>
internal static class HostLogging
{
    public static ILoggerFactory Create(IConfiguration configuration) => LoggerFactory.Create(logging =>
    {
        logging.AddConfiguration(configuration.GetSection("logging"));
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("DurableFlows", LogLevel.Information);
        logging.AddFilter("DurableFlows.Activities", LogLevel.Information);
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
    });
}
