using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DurableFlows.Sidecar;

/// <summary>Puts the sidecar into an ASP.NET Core application.</summary>
public static class SidecarEndpoints
{
    /// <summary>Registers gRPC and the given sidecar instance.</summary>
    public static IServiceCollection AddDurableTaskSidecar(this IServiceCollection services, TaskHubSidecar sidecar, SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageSize;
            grpc.MaxSendMessageSize = options.MaxMessageSize;
            grpc.EnableDetailedErrors = true;
        });
        services.AddSingleton(sidecar);
        return services;
    }

    /// <summary>Maps the sidecar's gRPC service.</summary>
    public static GrpcServiceEndpointConventionBuilder MapDurableTaskSidecar(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<TaskHubSidecar>();
}
