namespace DurableFlows.Aws.Ecs.Model;

/// <summary>
/// The <c>detail</c> of an "ECS Task State Change" event: the task as DescribeTasks shows it, plus
/// <c>updatedAt</c>. <see cref="EcsTask.Version"/> increases with each change, so a consumer that sees
/// an event twice, or out of order, keeps the highest version.
/// </summary>
public sealed record EcsTaskStateChangeDetail : EcsTask
{
    /// <summary>When the change happened.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
