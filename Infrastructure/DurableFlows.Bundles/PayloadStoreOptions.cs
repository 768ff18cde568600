using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Bundles;

/// <summary>Settings of the <see cref="PayloadStore"/>.</summary>
public sealed record PayloadStoreOptions
{
    /// <summary>The default threshold: 64 KiB.</summary>
    public const int DefaultThresholdBytes = 64 * 1024;

    /// <summary>
    /// Gets the size in UTF-8 bytes above which a serialized value is kept in storage and replaced by a
    /// reference. 64 KiB keeps ECS container overrides (8 KiB) and gRPC messages (4 MiB) clear once
    /// several values travel together.
    /// </summary>
    public int ThresholdBytes { get; init; } = DefaultThresholdBytes;

    /// <summary>
    /// Reads the <c>durableFlows.payloads</c> section: <c>{ "thresholdBytes": 65536 }</c>. A missing section or
    /// key gives the default.
    /// </summary>
    /// <exception cref="CodeStorageConfigurationException">A key is unknown or the threshold is not a whole number of at least 256 bytes.</exception>
    public static PayloadStoreOptions FromConfiguration(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new PayloadStoreOptions();
        foreach (var child in section.GetChildren())
        {
            if (!string.Equals(child.Key, "thresholdBytes", StringComparison.OrdinalIgnoreCase))
            {
                throw new CodeStorageConfigurationException($"host.json: durableFlows.payloads.{child.Key} is not a payload setting; allowed: thresholdBytes.");
            }

            if (!int.TryParse(child.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold) || threshold < 256)
            {
                throw new CodeStorageConfigurationException($"host.json: durableFlows.payloads.thresholdBytes = {child.Value ?? "(an object)"} is not allowed; expected a whole number of bytes, at least 256 (default {DefaultThresholdBytes.ToString(CultureInfo.InvariantCulture)}).");
            }

            options = options with { ThresholdBytes = threshold };
        }

        return options;
    }
}
