using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;

namespace DurableFlows.Http.Tests;

public sealed class HistoryProjectionTests
{
    private static readonly DateTime Start = new(2026, 1, 31, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void History_folds_scheduling_into_completions_as_Durable_Functions_shows_it()
    {
        var events = History();

        var array = InstanceJson.History(events, showOutput: true);

        Assert.Equal(["ExecutionStarted", "TaskCompleted", "SubOrchestrationInstanceFailed", "EventRaised", "ExecutionCompleted"],
            array.Select(e => e!["EventType"]!.GetValue<string>()));
        Assert.Equal("Main Flow", array[0]!["FunctionName"]!.GetValue<string>());
        Assert.Equal("a", array[1]!["FunctionName"]!.GetValue<string>());
        Assert.Equal("2026-01-31T12:00:01.0000000Z", array[1]!["ScheduledTime"]!.GetValue<string>());
        Assert.Equal("2026-01-31T12:00:02.0000000Z", array[1]!["Timestamp"]!.GetValue<string>());
        Assert.Equal("task A", array[1]!["Result"]!.GetValue<string>());
        Assert.Equal("Sub Flow1", array[2]!["FunctionName"]!.GetValue<string>());
        Assert.Equal("child broke", array[2]!["Reason"]!.GetValue<string>());
        Assert.Equal(5, array[3]!["Input"]!["n"]!.GetValue<int>());
        Assert.Equal("Completed", array[4]!["OrchestrationStatus"]!.GetValue<string>());
        Assert.Equal(3, array[4]!["Result"]!.AsArray().Count);
    }

    [Fact]
    public void History_without_output_leaves_results_and_inputs_out()
    {
        var array = InstanceJson.History(History(), showOutput: false);

        Assert.All(array, e => Assert.False(((JsonObject)e!).ContainsKey("Result") || ((JsonObject)e!).ContainsKey("Input")));
    }

    private static List<HistoryEvent> History() =>
    [
        new OrchestratorStartedEvent(-1) { Timestamp = Start },
        new ExecutionStartedEvent(-1, "null") { Name = "Main Flow", OrchestrationInstance = new OrchestrationInstance { InstanceId = "i" }, Timestamp = Start },
        new TaskScheduledEvent(0) { Name = "a", Timestamp = Start.AddSeconds(1) },
        new OrchestratorCompletedEvent(-1) { Timestamp = Start.AddSeconds(1) },
        new TaskCompletedEvent(-1, 0, "\"task A\"") { Timestamp = Start.AddSeconds(2) },
        new SubOrchestrationInstanceCreatedEvent(1) { Name = "Sub Flow1", InstanceId = "i:1", Timestamp = Start.AddSeconds(2) },
        new SubOrchestrationInstanceFailedEvent(-1, 1, "child broke", "details", null) { Timestamp = Start.AddSeconds(3) },
        new EventRaisedEvent(-1, """{"n":5}""") { Name = "Approve", Timestamp = Start.AddSeconds(4) },
        new ExecutionCompletedEvent(-1, "[1,2,3]", OrchestrationStatus.Completed) { Timestamp = Start.AddSeconds(5) },
    ];
}
