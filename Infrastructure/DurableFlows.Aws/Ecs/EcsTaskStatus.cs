namespace DurableFlows.Aws.Ecs;

/// <summary>The <c>lastStatus</c> and <c>desiredStatus</c> values of tasks and containers.</summary>
public static class EcsTaskStatus
{
    /// <summary>ECS is preparing the task's network.</summary>
    public const string Provisioning = "PROVISIONING";

    /// <summary>The task is pulling images and creating containers.</summary>
    public const string Pending = "PENDING";

    /// <summary>The task's containers run.</summary>
    public const string Running = "RUNNING";

    /// <summary>The task's containers are being stopped.</summary>
    public const string Stopping = "STOPPING";

    /// <summary>The task is over.</summary>
    public const string Stopped = "STOPPED";
}
