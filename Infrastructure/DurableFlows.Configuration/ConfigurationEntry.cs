namespace DurableFlows.Configuration;

/// <summary>One flattened key (colon-separated, as .NET configuration keys are) and where its value came from.</summary>
/// <param name="Key">The key, e.g. <c>extensions:durableTask:hubName</c>.</param>
/// <param name="Value">The value; null for an empty object or array.</param>
/// <param name="Origin">Where it was written, e.g. <c>host.json</c> or <c>environment variable X</c>.</param>
internal sealed record ConfigurationEntry(string Key, string? Value, string Origin)
{
    /// <summary>Gets the key as a user writes it in host.json: dots between segments.</summary>
    public string DisplayKey => Display(Key);

    public static string Display(string key) => key.Replace(':', '.');
}
