namespace DurableFlows.Aws.Ecs.Model;

/// <summary>A resource tag (ECS spells its fields <c>key</c> and <c>value</c>).</summary>
public sealed record EcsTag
{
    /// <summary>The tag key.</summary>
    public string? Key { get; init; }

    /// <summary>The tag value.</summary>
    public string? Value { get; init; }
}
