using System.Globalization;

namespace DurableFlows.Configuration;

/// <summary>Typed reads over the composed entries; every rejection names origin, key, value and what is allowed.</summary>
internal sealed class HostJsonValues(IReadOnlyDictionary<string, ConfigurationEntry> entries)
{
    public ConfigurationEntry? Get(string key) => entries.GetValueOrDefault(key);

    public HostConfigurationException Malformed(ConfigurationEntry entry, string expected) =>
        new($"{entry.Origin}: {entry.DisplayKey} = '{entry.Value}' is not valid; {expected}.");

    public int PositiveInt(string key, int defaultValue)
    {
        var entry = Get(key);
        if (entry is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw Malformed(entry, $"expected a whole number from 1 to {int.MaxValue}");
        }

        return value;
    }

    public long PositiveLong(string key, long defaultValue)
    {
        var entry = Get(key);
        if (entry is null)
        {
            return defaultValue;
        }

        if (!long.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw Malformed(entry, "expected a number of bytes greater than 0, such as 1048576 for 1 MiB");
        }

        return value;
    }

    /// <summary>
    /// The elements of a list key (<c>key:0</c>, <c>key:1</c>...), in index order. A single value stands for a list;
    /// with <paramref name="split"/> it may hold several items separated by <c>;</c>, as <c>ASPNETCORE_URLS</c> does.
    /// </summary>
    public List<ConfigurationEntry> List(string key, bool split)
    {
        var single = Get(key);

        // An empty JSON array reaches configuration as an empty string.
        if (single?.Value is { Length: > 0 } text)
        {
            var items = split ? text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [text];
            return [.. items.Select(item => single with { Value = item })];
        }

        var prefix = key + ":";
        return [.. entries.Values
            .Where(e => e.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => int.Parse(e.Key[prefix.Length..], CultureInfo.InvariantCulture))];
    }
}
