namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The output of ECS RunTask.</summary>
public sealed record RunTaskResponse
{
    /// <summary>The tasks that were started.</summary>
    public IReadOnlyList<EcsTask> Tasks { get; init; } = [];

    /// <summary>Tasks that could not be placed, e.g. <c>RESOURCE:MEMORY</c>.</summary>
    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}
