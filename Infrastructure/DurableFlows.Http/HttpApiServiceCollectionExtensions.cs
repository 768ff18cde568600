using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DurableFlows.Http;

/// <summary>Registers the HTTP API's services. The host registers the <c>DurableTaskClient</c> itself.</summary>
public static class HttpApiServiceCollectionExtensions
{
    /// <summary>Registers the API with its options, refusing key-less development mode off loopback.</summary>
    /// <exception cref="DurableFlows.Configuration.HostConfigurationException">No key is configured and a URL is not loopback.</exception>
    public static IServiceCollection AddDurableFlowsHttpApi(this IServiceCollection services, HttpApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyFilter>();
        return services;
    }

    /// <summary>Registers a user-written starter, mapped by <see cref="HttpApiEndpointRouteBuilderExtensions.MapDurableFlowsHttpApi"/>.</summary>
    public static IServiceCollection AddHttpStarter<TStarter>(this IServiceCollection services)
        where TStarter : class, IHttpStarter
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IHttpStarter, TStarter>();
        return services;
    }
}
