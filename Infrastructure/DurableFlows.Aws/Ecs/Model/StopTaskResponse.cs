namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The output of ECS StopTask.</summary>
public sealed record StopTaskResponse
{
    /// <summary>The task, with its desired status now STOPPED.</summary>
    public EcsTask? Task { get; init; }
}
