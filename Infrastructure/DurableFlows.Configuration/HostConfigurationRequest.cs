using System.Collections;

namespace DurableFlows.Configuration;

/// <summary>What to load host configuration from.</summary>
/// <param name="ConfigPath">
/// The <c>--config</c> path. Null means <c>host.json</c> in <paramref name="BaseDirectory"/>, and a missing file
/// then means the embedded defaults; a path given explicitly must exist.
/// </param>
/// <param name="BaseDirectory">The folder a relative <paramref name="ConfigPath"/> is resolved against.</param>
/// <param name="Environment">The environment variables (name to value).</param>
/// <param name="Overrides">Command-line overrides, each <c>path=value</c> with <c>.</c> or <c>:</c> between segments.</param>
public sealed record HostConfigurationRequest(
    string? ConfigPath,
    string BaseDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Overrides)
{
    /// <summary>A request over this process's environment and current directory.</summary>
    public static HostConfigurationRequest FromProcess(string? configPath, IReadOnlyList<string>? overrides = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                environment[name] = value;
            }
        }

        return new HostConfigurationRequest(configPath, Directory.GetCurrentDirectory(), environment, overrides ?? []);
    }
}
