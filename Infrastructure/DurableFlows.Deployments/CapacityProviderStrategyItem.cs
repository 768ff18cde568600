namespace DurableFlows.Deployments;

/// <summary>One entry of a work pool's ECS <c>capacityProviderStrategy</c>.</summary>
/// <param name="CapacityProvider">The provider, such as <c>FARGATE_SPOT</c>.</param>
/// <param name="Weight">The relative share of tasks.</param>
/// <param name="Base">How many tasks run on this provider first.</param>
public sealed record CapacityProviderStrategyItem(string CapacityProvider, int Weight, int Base);
