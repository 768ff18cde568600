namespace DurableFlows.Deployments;

/// <summary>
/// Turns a stopped ECS task into a <see cref="DeploymentRunCrash"/>, reading only the runner's container:
/// a sidecar container (a log router, a proxy) exiting is not what the run's outcome depends on.
/// </summary>
public static class DeploymentCrashClassifier
{
    /// <summary>Classifies a stopped task.</summary>
    /// <param name="task">The task.</param>
    /// <param name="runnerContainer">The runner container's name (the pool's <c>containerName</c>).</param>
    public static DeploymentRunCrash Classify(EcsTaskSnapshot task, string runnerContainer)
    {
        ArgumentNullException.ThrowIfNull(task);
        var runner = task.Containers.FirstOrDefault(c => c.Name == runnerContainer);
        return new DeploymentRunCrash
        {
            TaskArn = task.TaskArn,
            Kind = KindOf(task, runner),
            ExitCode = runner?.ExitCode,
            StopCode = task.StopCode,
            StoppedReason = task.StoppedReason,
            ContainerReason = runner?.Reason,
            Cpu = task.Cpu,
            Memory = task.Memory,
        };
    }

    private static DeploymentCrashKind KindOf(EcsTaskSnapshot task, EcsContainerSnapshot? runner)
    {
        var reasons = $"{task.StoppedReason} {runner?.Reason}";
        if (reasons.Contains("CannotPullContainerError", StringComparison.Ordinal)
            || reasons.Contains("pull image", StringComparison.OrdinalIgnoreCase))
        {
            return DeploymentCrashKind.ImagePullFailure;
        }

        if (runner?.Reason?.Contains("OutOfMemory", StringComparison.Ordinal) == true)
        {
            return DeploymentCrashKind.OutOfMemory;
        }

        return task.StopCode switch
        {
            "SpotInterruption" => DeploymentCrashKind.SpotInterruption,
            "TerminationNotice" => DeploymentCrashKind.TerminationNotice,
            "TaskFailedToStart" => DeploymentCrashKind.TaskFailedToStart,
            "UserInitiated" => DeploymentCrashKind.UserInitiated,
            "ServiceSchedulerInitiated" => DeploymentCrashKind.ServiceSchedulerInitiated,
            "EssentialContainerExited" when runner?.ExitCode is not null => DeploymentCrashKind.EssentialContainerExited,
            _ => DeploymentCrashKind.Unknown,
        };
    }
}
