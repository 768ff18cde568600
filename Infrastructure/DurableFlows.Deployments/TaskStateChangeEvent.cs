using System.Globalization;
using System.Text.Json;

namespace DurableFlows.Deployments;

/// <summary>
/// Reads the JSON EventBridge sends for <c>"detail-type": "ECS Task State Change"</c> (and the task objects
/// of a DescribeTasks response, which have the same shape as its <c>detail</c>).
/// </summary>
public static class TaskStateChangeEvent
{
    /// <summary>The <c>detail-type</c> of the events read here.</summary>
    public const string DetailType = "ECS Task State Change";

    /// <summary>Reads an event; null when the JSON is another kind of event.</summary>
    /// <exception cref="JsonException">The text is not JSON, or the event lacks <c>detail.taskArn</c>.</exception>
    public static EcsTaskSnapshot? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || String(root, "detail-type") != DetailType
            || !root.TryGetProperty("detail", out var detail))
        {
            return null;
        }

        return ReadTask(detail);
    }

    /// <summary>Reads one ECS task object (<c>detail</c> of an event, or an element of DescribeTasks' <c>tasks</c>).</summary>
    /// <exception cref="JsonException">The object has no <c>taskArn</c>.</exception>
    public static EcsTaskSnapshot ReadTask(JsonElement task)
    {
        var taskArn = String(task, "taskArn") ?? throw new JsonException("The ECS task object has no taskArn.");
        var containers = task.TryGetProperty("containers", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => new EcsContainerSnapshot(
                String(c, "name") ?? string.Empty, String(c, "lastStatus"), Integer(c, "exitCode"), String(c, "reason"))).ToList()
            : [];
        var environment = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (task.TryGetProperty("overrides", out var overrides)
            && overrides.TryGetProperty("containerOverrides", out var containerOverrides)
            && containerOverrides.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in containerOverrides.EnumerateArray())
            {
                if (String(container, "name") is { } name
                    && container.TryGetProperty("environment", out var variables) && variables.ValueKind == JsonValueKind.Array)
                {
                    environment[name] = variables.EnumerateArray()
                        .Where(v => String(v, "name") is not null)
                        .GroupBy(v => String(v, "name")!)
                        .ToDictionary(g => g.Key, g => String(g.Last(), "value") ?? string.Empty, StringComparer.Ordinal);
                }
            }
        }

        return new EcsTaskSnapshot
        {
            TaskArn = taskArn,
            ClusterArn = String(task, "clusterArn"),
            LastStatus = String(task, "lastStatus"),
            DesiredStatus = String(task, "desiredStatus"),
            StopCode = String(task, "stopCode"),
            StoppedReason = String(task, "stoppedReason"),
            Cpu = Integer(task, "cpu"),
            Memory = Integer(task, "memory"),
            StartedBy = String(task, "startedBy"),
            Version = task.TryGetProperty("version", out var version) && version.TryGetInt64(out var number) ? number : null,
            Containers = containers,
            EnvironmentOverrides = environment,
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // ECS writes cpu and memory as strings ("512") and exit codes as numbers; accept either.
    private static int? Integer(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
