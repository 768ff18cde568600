namespace DurableFlows.Deployments;

/// <summary>One entry of an ECS response's <c>failures[]</c>.</summary>
/// <param name="Reason">The reason, such as <c>RESOURCE:MEMORY</c> or <c>MISSING</c>.</param>
/// <param name="Detail">ECS's detail text, if any.</param>
/// <param name="Arn">The resource it is about, if any.</param>
public sealed record EcsFailure(string Reason, string? Detail = null, string? Arn = null)
{
    /// <summary>Whether ECS lacked capacity right now (<c>RESOURCE:*</c>), which is worth a later retry.</summary>
    public bool IsCapacityShortage => Reason.StartsWith("RESOURCE:", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Detail is null ? Reason : $"{Reason} ({Detail})";
}
