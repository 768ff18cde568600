using DurableFlows.Configuration;

namespace DurableFlows.Http;

/// <summary>What the HTTP API needs to know: routes, task hub, keys, limits and the orchestrations it may start.</summary>
public sealed record HttpApiOptions
{
    /// <summary>Gets the prefix of starter routes, without slashes (<c>extensions.http.routePrefix</c>).</summary>
    public string RoutePrefix { get; init; } = HttpApiSettings.DefaultRoutePrefix;

    /// <summary>Gets the task hub name, echoed in management URLs as <c>taskHub=</c>.</summary>
    public string TaskHub { get; init; } = "DurableFlows";

    /// <summary>Gets the accepted API keys; empty means development mode (loopback only).</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Gets the largest request body accepted, in bytes.</summary>
    public long MaxRequestBodySize { get; init; } = HttpApiSettings.DefaultMaxRequestBodySize;

    /// <summary>Gets the URLs the server binds; development mode requires every one to be loopback.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [HttpApiSettings.DefaultUrl];

    /// <summary>Gets the orchestration names the built-in starter may start.</summary>
    public IReadOnlySet<string> OrchestrationNames { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Gets how many seconds a 202 asks the client to wait before polling again.</summary>
    public int StatusRetryAfterSeconds { get; init; } = 5;

    /// <summary>Gets whether no key is configured, so every caller is let in.</summary>
    public bool IsDevelopmentMode => ApiKeys.Count == 0;

    /// <summary>Options from loaded host configuration and the registered orchestration names.</summary>
    public static HttpApiOptions From(HostConfiguration configuration, IEnumerable<string> orchestrationNames)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(orchestrationNames);
        return new HttpApiOptions
        {
            RoutePrefix = configuration.Http.RoutePrefix,
            TaskHub = configuration.DurableTask.HubName,
            ApiKeys = configuration.Http.ApiKeys,
            MaxRequestBodySize = configuration.Http.MaxRequestBodySize,
            Urls = configuration.Http.Urls,
            OrchestrationNames = orchestrationNames.ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Refuses development mode (no keys) on an address other than loopback: anyone who can reach the port could
    /// start and terminate flows.
    /// </summary>
    /// <exception cref="HostConfigurationException">No key is configured and a URL is not loopback.</exception>
    public void Validate()
    {
        if (!IsDevelopmentMode)
        {
            return;
        }

        var exposed = Urls.Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
        {
            throw new HostConfigurationException(
                $"durableFlows.http.apiKeys is empty and DURABLEFLOWS_API_KEY is not set, but durableFlows.http.urls binds {string.Join(", ", exposed)}, which is not loopback; " +
                "set an API key, or bind 127.0.0.1, [::1] or localhost only (development mode without keys is allowed on loopback only).");
        }
    }

    /// <summary>Whether a listen URL binds only the loopback interface.</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Contains("://*", StringComparison.Ordinal) || url.Contains("://+", StringComparison.Ordinal)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback;
    }
}
