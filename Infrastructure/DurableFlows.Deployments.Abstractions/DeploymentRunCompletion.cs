using System.Text.Json.Serialization;

namespace DurableFlows.Deployments;

/// <summary>
/// The payload of the event <c>DeploymentRunCompleted:{runId}</c> that ends a parent's wait. The sidecar
/// raises it when the child instance reaches a final state; the task state change listener raises it,
/// with <see cref="Crash"/> set, when the child's task stopped first.
/// </summary>
public sealed record DeploymentRunCompletion
{
    /// <summary>The <see cref="RuntimeStatus"/> of a crash event: the child is not final, its task is gone.</summary>
    public const string Crashed = "Crashed";

    /// <summary>Gets the child instance id.</summary>
    [JsonPropertyName("instanceId")]
    public string? InstanceId { get; init; }

    /// <summary>Gets <c>Completed</c>, <c>Failed</c>, <c>Terminated</c> or <see cref="Crashed"/>.</summary>
    [JsonPropertyName("runtimeStatus")]
    public string? RuntimeStatus { get; init; }

    /// <summary>Gets the child's serialized output, as its data converter wrote it.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Gets the child's failure, when it failed.</summary>
    [JsonPropertyName("failureDetails")]
    public DeploymentRunChildFailure? FailureDetails { get; init; }

    /// <summary>Gets how the task stopped, when the event reports a crash.</summary>
    [JsonPropertyName("crash")]
    public DeploymentRunCrash? Crash { get; init; }
}
