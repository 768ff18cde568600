namespace DurableFlows.Deployments;

/// <summary>Why an ECS task stopped before its deployment run's child flow finished.</summary>
public enum DeploymentCrashKind
{
    /// <summary>Nothing in the task's state explains the stop.</summary>
    Unknown,

    /// <summary>The runner's container was killed for exceeding its memory (exit 137, <c>OutOfMemoryError</c>).</summary>
    OutOfMemory,

    /// <summary>The container image could not be pulled (<c>CannotPullContainerError</c>).</summary>
    ImagePullFailure,

    /// <summary>The task never started (stopCode <c>TaskFailedToStart</c>), for another reason than the image.</summary>
    TaskFailedToStart,

    /// <summary>Fargate Spot or EC2 Spot capacity was reclaimed (stopCode <c>SpotInterruption</c>).</summary>
    SpotInterruption,

    /// <summary>AWS retired the task's host (stopCode <c>TerminationNotice</c>).</summary>
    TerminationNotice,

    /// <summary>The runner's container exited before the flow reached a final state.</summary>
    EssentialContainerExited,

    /// <summary>Someone called StopTask (stopCode <c>UserInitiated</c>).</summary>
    UserInitiated,

    /// <summary>An ECS service scheduler stopped the task (stopCode <c>ServiceSchedulerInitiated</c>).</summary>
    ServiceSchedulerInitiated,
}
