using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Http;

/// <summary>Maps the HTTP API into an ASP.NET Core app, next to whatever else it serves (the sidecar).</summary>
public static class HttpApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the management webhooks under <c>/runtime/webhooks/durabletask</c>, the built-in starter under
    /// <c>/{routePrefix}/orchestrators/...</c> (also under the webhook path, as Durable Functions 2.x has it) and every
    /// registered <see cref="IHttpStarter"/>. All of them require an API key and honour the body size limit.
    /// Needs <see cref="HttpApiServiceCollectionExtensions.AddDurableFlowsHttpApi"/> and a registered <c>DurableTaskClient</c>.
    /// </summary>
    /// <returns>The group under the route prefix, to map more starters with the same protection.</returns>
    public static RouteGroupBuilder MapDurableFlowsHttpApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<HttpApiOptions>();
        if (options.IsDevelopmentMode)
        {
            endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(HttpApiEndpointRouteBuilderExtensions).FullName!)
                .DevelopmentMode(string.Join(", ", options.Urls));
        }

        var management = endpoints.MapGroup(CheckStatusResponses.WebhookPath).AddEndpointFilter<ApiKeyFilter>();
        ManagementEndpoints.Map(management);
        StarterEndpoints.Map(management);

        var starters = endpoints.MapGroup(options.RoutePrefix.Length > 0 ? "/" + options.RoutePrefix : string.Empty)
            .AddEndpointFilter<ApiKeyFilter>();
        StarterEndpoints.Map(starters);
        foreach (var starter in endpoints.ServiceProvider.GetServices<IHttpStarter>())
        {
            starter.Map(starters);
        }

        return starters;
    }
}
