using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Storage;

/// <summary>Reads provider-specific keys of a <c>storageProvider</c> section, with errors that name the key and the value.</summary>
public static class StorageProviderSection
{
    /// <summary>
    /// Reads a positive time span such as <c>"00:00:30"</c>; null when the key is absent. Anything else is
    /// a <see cref="StorageConfigurationException"/> that names the key, the value and an example.
    /// </summary>
    public static TimeSpan? PositiveTimeSpan(IConfigurationSection section, string key, string example)
    {
        ArgumentNullException.ThrowIfNull(section);
        var value = section[key];
        if (value is null)
        {
            return null;
        }

        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero)
        {
            throw new StorageConfigurationException(
                $"host.json: {section.Path.Replace(':', '.')}.{key} = '{value}' is not valid; expected a positive time span such as \"{example}\".");
        }

        return parsed;
    }
}
