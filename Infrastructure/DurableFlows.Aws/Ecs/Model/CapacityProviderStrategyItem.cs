namespace DurableFlows.Aws.Ecs.Model;

/// <summary>One entry of a capacity provider strategy (e.g. <c>FARGATE_SPOT</c> with a weight).</summary>
public sealed record CapacityProviderStrategyItem
{
    /// <summary>The capacity provider's name.</summary>
    public string? CapacityProvider { get; init; }

    /// <summary>The relative share of tasks placed on this provider.</summary>
    public int? Weight { get; init; }

    /// <summary>How many tasks, at least, run on this provider.</summary>
    public int? Base { get; init; }
}
