namespace DurableFlows.Aws.Ecs.Model;

/// <summary>A name/value pair, as ECS uses for container environment variables.</summary>
public sealed record EcsKeyValuePair
{
    /// <summary>The variable's name.</summary>
    public string? Name { get; init; }

    /// <summary>The variable's value.</summary>
    public string? Value { get; init; }
}
