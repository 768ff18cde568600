using System.Globalization;
using System.Text.Json.Serialization;

namespace DurableFlows.Deployments;

/// <summary>
/// How an ECS task stopped before its child flow finished, as ECS reported it for the runner's container
/// (never a sidecar container), with the size the task had.
/// </summary>
public sealed record DeploymentRunCrash
{
    /// <summary>Gets the stopped task's ARN.</summary>
    [JsonPropertyName("taskArn")]
    public required string TaskArn { get; init; }

    /// <summary>Gets what the crash was, from the fields below.</summary>
    [JsonPropertyName("kind")]
    [JsonConverter(typeof(JsonStringEnumConverter<DeploymentCrashKind>))]
    public DeploymentCrashKind Kind { get; init; }

    /// <summary>Gets the runner container's exit code; null when it never ran or ECS did not say.</summary>
    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; init; }

    /// <summary>Gets ECS's <c>stopCode</c>, such as <c>EssentialContainerExited</c>.</summary>
    [JsonPropertyName("stopCode")]
    public string? StopCode { get; init; }

    /// <summary>Gets ECS's <c>stoppedReason</c>.</summary>
    [JsonPropertyName("stoppedReason")]
    public string? StoppedReason { get; init; }

    /// <summary>Gets the runner container's <c>reason</c>, such as <c>OutOfMemoryError: Container killed due to memory usage</c>.</summary>
    [JsonPropertyName("containerReason")]
    public string? ContainerReason { get; init; }

    /// <summary>Gets the task's CPU units.</summary>
    [JsonPropertyName("cpu")]
    public int? Cpu { get; init; }

    /// <summary>Gets the task's memory in MiB.</summary>
    [JsonPropertyName("memory")]
    public int? Memory { get; init; }

    /// <summary>
    /// Describes the crash for a person, such as
    /// <c>OOM at 1024 MiB (exit 137, OutOfMemoryError: Container killed due to memory usage)</c>.
    /// </summary>
    public string Describe()
    {
        var exit = ExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"exit {code}") : "no exit code";
        var memory = Memory is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m} MiB") : "unknown memory";
        var reason = ContainerReason ?? StoppedReason ?? StopCode ?? "no reason given";
        return Kind switch
        {
            DeploymentCrashKind.OutOfMemory => $"OOM at {memory} ({exit}, {reason})",
            DeploymentCrashKind.ImagePullFailure => $"image pull failed ({StoppedReason ?? reason})",
            DeploymentCrashKind.TaskFailedToStart => $"task failed to start ({StoppedReason ?? reason})",
            DeploymentCrashKind.SpotInterruption => $"Spot capacity was reclaimed ({StoppedReason ?? reason})",
            DeploymentCrashKind.TerminationNotice => $"the task's host was retired ({StoppedReason ?? reason})",
            DeploymentCrashKind.EssentialContainerExited => $"the runner exited before the flow finished ({exit}, {reason})",
            DeploymentCrashKind.UserInitiated => $"the task was stopped ({StoppedReason ?? reason})",
            DeploymentCrashKind.ServiceSchedulerInitiated => $"an ECS service stopped the task ({StoppedReason ?? reason})",
            _ => $"the task stopped ({StopCode ?? "no stopCode"}, {exit}, {reason})",
        };
    }
}
