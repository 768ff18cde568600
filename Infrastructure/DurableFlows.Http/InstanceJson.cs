using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Http;

/// <summary>
/// The status payload of Durable Functions: <c>name</c>, <c>instanceId</c>, <c>runtimeStatus</c>, <c>input</c>,
/// <c>customStatus</c>, <c>output</c>, <c>createdTime</c>, <c>lastUpdatedTime</c> and, when asked, <c>historyEvents</c>.
/// </summary>
internal static class InstanceJson
{
    public static JsonObject Status(OrchestrationMetadata instance, bool showInput, JsonArray? history = null)
    {
        var status = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.RuntimeStatus.ToString(),
            ["input"] = showInput ? Raw(instance.SerializedInput) : null,
            ["customStatus"] = Raw(instance.SerializedCustomStatus),

            // A failed instance's output is its error message, as Durable Functions reports it.
            ["output"] = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && instance.FailureDetails is { } failure
                ? failure.ErrorMessage
                : Raw(instance.SerializedOutput),
            ["createdTime"] = Time(instance.CreatedAt),
            ["lastUpdatedTime"] = Time(instance.LastUpdatedAt),
        };
        if (history is not null)
        {
            status["historyEvents"] = history;
        }

        return status;
    }

    /// <summary>
    /// History as Durable Functions shows it: completions carry the scheduled name and time, and the bookkeeping
    /// events (OrchestratorStarted, TaskScheduled...) are folded away.
    /// </summary>
    public static JsonArray History(IEnumerable<HistoryEvent> events, bool showOutput)
    {
        var all = events.ToList();
        var scheduled = new Dictionary<int, (string? Name, DateTime Time)>();
        foreach (var e in all)
        {
            switch (e)
            {
                case TaskScheduledEvent task:
                    scheduled[task.EventId] = (task.Name, task.Timestamp);
                    break;
                case SubOrchestrationInstanceCreatedEvent sub:
                    scheduled[sub.EventId] = (sub.Name, sub.Timestamp);
                    break;
            }
        }

        var array = new JsonArray();
        foreach (var e in all)
        {
            var item = new JsonObject { ["EventType"] = e.EventType.ToString() };
            switch (e)
            {
                case OrchestratorStartedEvent or OrchestratorCompletedEvent or TaskScheduledEvent
                    or SubOrchestrationInstanceCreatedEvent or TimerCreatedEvent:
                    continue;
                case ExecutionStartedEvent started:
                    item["FunctionName"] = started.Name;
                    AddOutput(item, "Input", started.Input, showOutput);
                    break;
                case TaskCompletedEvent or SubOrchestrationInstanceCompletedEvent:
                    var (completedId, result) = e is TaskCompletedEvent task
                        ? (task.TaskScheduledId, task.Result)
                        : e is SubOrchestrationInstanceCompletedEvent sub ? (sub.TaskScheduledId, sub.Result) : (-1, null);
                    AddScheduled(item, scheduled, completedId);
                    AddOutput(item, "Result", result, showOutput);
                    break;
                case TaskFailedEvent failed:
                    AddScheduled(item, scheduled, failed.TaskScheduledId);
                    item["Reason"] = failed.FailureDetails?.ErrorMessage ?? failed.Reason;
                    item["Details"] = failed.FailureDetails?.StackTrace ?? failed.Details;
                    break;
                case SubOrchestrationInstanceFailedEvent subFailed:
                    AddScheduled(item, scheduled, subFailed.TaskScheduledId);
                    item["Reason"] = subFailed.FailureDetails?.ErrorMessage ?? subFailed.Reason;
                    break;
                case TimerFiredEvent timer:
                    item["FireAt"] = Time(timer.FireAt);
                    break;
                case EventRaisedEvent raised:
                    item["Name"] = raised.Name;
                    AddOutput(item, "Input", raised.Input, showOutput);
                    break;
                case ExecutionCompletedEvent finished:
                    item["OrchestrationStatus"] = finished.OrchestrationStatus.ToString();
                    if (finished.FailureDetails is { } failure)
                    {
                        item["Reason"] = failure.ErrorMessage;
                    }
                    else
                    {
                        AddOutput(item, "Result", finished.Result, showOutput);
                    }

                    break;
                case ExecutionTerminatedEvent terminated:
                    AddOutput(item, "Input", terminated.Input, showOutput);
                    break;
                case ExecutionSuspendedEvent suspended:
                    item["Reason"] = suspended.Reason;
                    break;
                case ExecutionResumedEvent resumed:
                    item["Reason"] = resumed.Reason;
                    break;
            }

            item["Timestamp"] = Time(e.Timestamp);
            array.Add(item);
        }

        return array;
    }

    /// <summary>A stored payload as JSON; text that is not JSON stays a string rather than fail the reply.</summary>
    public static JsonNode? Raw(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }

    /// <summary>Seconds-precision UTC, as Durable Functions formats createdTime and lastUpdatedTime.</summary>
    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Time(DateTime time) =>
        DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind).ToUniversalTime()
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void AddScheduled(JsonObject item, Dictionary<int, (string? Name, DateTime Time)> scheduled, int id)
    {
        if (scheduled.TryGetValue(id, out var origin))
        {
            item["FunctionName"] = origin.Name;
            item["ScheduledTime"] = Time(origin.Time);
        }
    }

    private static void AddOutput(JsonObject item, string name, string? serialized, bool showOutput)
    {
        if (showOutput)
        {
            item[name] = Raw(serialized);
        }
    }
}
