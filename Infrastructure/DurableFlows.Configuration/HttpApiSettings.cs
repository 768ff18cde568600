namespace DurableFlows.Configuration;

/// <summary>
/// How the HTTP API listens and who may call it: <c>durableFlows.http</c> plus <c>extensions.http.routePrefix</c>.
/// </summary>
/// <param name="Urls">The URLs Kestrel binds, as in <c>ASPNETCORE_URLS</c>.</param>
/// <param name="ApiKeys">
/// Keys accepted in <c>x-functions-key</c> or <c>?code=</c>: <c>durableFlows.http.apiKeys</c> plus the environment
/// variable <c>DURABLEFLOWS_API_KEY</c>. Empty means development mode, allowed on loopback only.
/// </param>
/// <param name="MaxRequestBodySize">The largest request body accepted, in bytes; larger gets 413.</param>
/// <param name="RoutePrefix">The prefix of starter routes, without slashes; empty for none.</param>
public sealed record HttpApiSettings(
    IReadOnlyList<string> Urls,
    IReadOnlyList<string> ApiKeys,
    long MaxRequestBodySize,
    string RoutePrefix)
{
    /// <summary>The default URL, the one <c>func start</c> uses.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The default body limit: 1 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>The default route prefix, as in Functions.</summary>
    public const string DefaultRoutePrefix = "api";
}
