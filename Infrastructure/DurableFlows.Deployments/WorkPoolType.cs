namespace DurableFlows.Deployments;

/// <summary>Where a work pool's tasks run.</summary>
public enum WorkPoolType
{
    /// <summary>AWS ECS, through its API in the pool's region.</summary>
    Ecs,

    /// <summary>The local ECS emulator: tasks are processes on this machine.</summary>
    Local,
}
