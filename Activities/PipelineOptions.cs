using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Activities;

/// <summary>
/// Settings of the reference pipeline, from the configuration section <c>Pipeline</c>
/// (environment variable <c>Pipeline__TaskSeconds</c>).
/// </summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration key of <see cref="TaskSeconds"/>.</summary>
    public const string TaskSecondsKey = "Pipeline:TaskSeconds";

    /// <summary>Gets how long each task works, the article's <c>time.sleep(5)</c>. Fractions are allowed.</summary>
    public double TaskSeconds { get; init; } = 5;

    /// <summary>Reads the options, rejecting a malformed duration with a message that names it.</summary>
    public static PipelineOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[TaskSecondsKey];
        if (raw is null)
        {
            return new PipelineOptions();
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0)
        {
            throw new InvalidOperationException(
                $"{TaskSecondsKey} = '{raw}' is not a duration; expected a number of seconds >= 0, such as 5 or 0.01.");
        }

        return new PipelineOptions { TaskSeconds = seconds };
    }
}
