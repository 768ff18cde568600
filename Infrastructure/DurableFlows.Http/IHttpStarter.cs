using Microsoft.AspNetCore.Routing;

namespace DurableFlows.Http;

/// <summary>
/// A starter the user writes: maps minimal-API routes that start flows. Register it in the service collection;
/// <see cref="HttpApiEndpointRouteBuilderExtensions.MapDurableFlowsHttpApi"/> maps it under the route prefix, behind
/// the API key check and the body size limit, like the built-in starter.
/// </summary>
public interface IHttpStarter
{
    /// <summary>Maps the starter's routes; <paramref name="starters"/> is already under <c>/{routePrefix}</c>.</summary>
    void Map(IEndpointRouteBuilder starters);
}
