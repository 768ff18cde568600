using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DurableFlows.Deployments;

/// <summary>Adds what the deployment run activities and background services need.</summary>
public static class DeploymentServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registry, run tokens, host settings, terminator, task state change listener, orphan
    /// sweeper and, unless one is added first, the bundle resolver that reads host.json. The caller also adds an <see cref="IEcsTaskLauncher"/>, a <c>DurableTaskClient</c>, and one
    /// <see cref="ITaskStateChangeSource"/> per event stream (SQS queue or local emulator).
    /// </summary>
    public static IServiceCollection AddDeploymentRuns(
        this IServiceCollection services, DeploymentRegistry registry, DeploymentRunTokens tokens, DeploymentHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(registry);
        services.AddSingleton(tokens);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TaskStateChangeDeduplicator>();
        services.TryAddSingleton<DeploymentRunTerminator>();
        services.TryAddSingleton<DeploymentRunner>();
        services.TryAddSingleton<IDeploymentBundleResolver, ConfiguredDeploymentBundleResolver>();
        services.AddHostedService<TaskStateChangeListener>();
        services.AddHostedService<OrphanedDeploymentRunSweeper>();
        return services;
    }
}
