namespace DurableFlows.Aws.Ecs;

/// <summary>The <c>stopCode</c> values ECS puts on a stopped task.</summary>
public static class EcsStopCode
{
    /// <summary>The task could not start (image pull, command not found, resources...).</summary>
    public const string TaskFailedToStart = "TaskFailedToStart";

    /// <summary>An essential container exited; its exit code says how.</summary>
    public const string EssentialContainerExited = "EssentialContainerExited";

    /// <summary>StopTask was called.</summary>
    public const string UserInitiated = "UserInitiated";

    /// <summary>A service scaled the task in.</summary>
    public const string ServiceSchedulerInitiated = "ServiceSchedulerInitiated";

    /// <summary>Fargate Spot took the capacity back.</summary>
    public const string SpotInterruption = "SpotInterruption";

    /// <summary>The host was retired or patched.</summary>
    public const string TerminationNotice = "TerminationNotice";
}
