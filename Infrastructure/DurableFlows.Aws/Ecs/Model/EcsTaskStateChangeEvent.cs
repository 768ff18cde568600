using System.Text.Json;
using System.Text.Json.Serialization;

namespace DurableFlows.Aws.Ecs.Model;

/// <summary>
/// An "ECS Task State Change" event in the envelope EventBridge sends (and SQS delivers as the
/// message body). Timestamps are ISO 8601 strings here, not the epoch seconds of the ECS API.
/// </summary>
public sealed record EcsTaskStateChangeEvent
{
    /// <summary>The <c>detail-type</c> of every task state change event.</summary>
    public const string TaskStateChangeDetailType = "ECS Task State Change";

    /// <summary>The <c>source</c> of ECS events.</summary>
    public const string EcsSource = "aws.ecs";

    /// <summary>The envelope version, always <c>"0"</c>.</summary>
    public string Version { get; init; } = "0";

    /// <summary>The event's unique id.</summary>
    public string? Id { get; init; }

    /// <summary><c>ECS Task State Change</c>.</summary>
    [JsonPropertyName("detail-type")]
    public string DetailType { get; init; } = TaskStateChangeDetailType;

    /// <summary><c>aws.ecs</c>.</summary>
    public string Source { get; init; } = EcsSource;

    /// <summary>The account that owns the task.</summary>
    public string? Account { get; init; }

    /// <summary>When the event was emitted.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The region of the task.</summary>
    public string? Region { get; init; }

    /// <summary>The task's ARN.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>The task, as of this change.</summary>
    public EcsTaskStateChangeDetail? Detail { get; init; }

    /// <summary>The event as EventBridge writes it (the body of the SQS message).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EcsJson.EventOptions);

    /// <summary>Reads an event from its EventBridge JSON, e.g. an SQS message body.</summary>
    /// <exception cref="JsonException">The text is not an event envelope.</exception>
    public static EcsTaskStateChangeEvent Parse(string json) =>
        JsonSerializer.Deserialize<EcsTaskStateChangeEvent>(json, EcsJson.EventOptions)
        ?? throw new JsonException($"Expected an EventBridge event object, got: {json}");
}
