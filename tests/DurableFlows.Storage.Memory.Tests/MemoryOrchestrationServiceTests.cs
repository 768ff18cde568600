using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.Extensions.Time.Testing;

namespace DurableFlows.Storage.Memory.Tests;

public sealed class MemoryOrchestrationServiceTests : IDisposable
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly MemoryOrchestrationService _service;

    public MemoryOrchestrationServiceTests() =>
        _service = new MemoryOrchestrationService(new MemoryOrchestrationServiceOptions { LockTimeout = TimeSpan.FromSeconds(30) }, _time);

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Work_items_of_a_queue_go_only_to_that_queues_workers()
    {
        await _service.CreateTaskOrchestrationAsync(Start("on-x", "Flow", queue: "x"));

        Assert.Null(await _service.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("y"), NoWait, default));
        Assert.Null(await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        var item = await _service.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("x"), NoWait, default);

        Assert.Equal("on-x", item!.InstanceId);
    }

    [Fact]
    public async Task A_waiting_worker_is_woken_when_work_arrives_on_its_queue()
    {
        var waiting = _service.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("late"), Timeout.InfiniteTimeSpan, default);
        Assert.False(waiting.IsCompleted);

        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow", queue: "late"));

        var item = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("i1", item!.InstanceId);
    }

    [Fact]
    public async Task Name_filters_select_only_the_named_orchestrations_and_activities()
    {
        await _service.CreateTaskOrchestrationAsync(Start("i1", "Other"));
        await _service.CreateTaskOrchestrationAsync(Start("i2", "Wanted"));
        var selector = new WorkItemSelector(WorkItemSelector.DefaultQueue, new HashSet<string> { "Wanted" }, new HashSet<string> { "act" });

        var item = await _service.LockNextTaskOrchestrationWorkItemAsync(selector, NoWait, default);
        Assert.Equal("i2", item!.InstanceId);
        Assert.Null(await _service.LockNextTaskOrchestrationWorkItemAsync(selector, NoWait, default));

        await CompleteWithActivities(item, "skip", "act");
        var activity = await _service.LockNextTaskActivityWorkItemAsync(selector, NoWait, default);
        Assert.Equal("act", ((TaskScheduledEvent)activity!.TaskMessage.Event).Name);
        Assert.Null(await _service.LockNextTaskActivityWorkItemAsync(selector, NoWait, default));
    }

    [Fact]
    public async Task Abandon_frees_the_work_item_at_once_with_its_messages()
    {
        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var first = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);

        await _service.AbandonTaskOrchestrationWorkItemAsync(first!);
        var second = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);

        Assert.Single(second!.NewMessages);
        Assert.IsType<ExecutionStartedEvent>(second.NewMessages[0].Event);
    }

    [Fact]
    public async Task An_expired_lock_makes_the_item_available_and_drops_the_late_checkpoint()
    {
        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var stale = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);
        Assert.Null(await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));

        _time.Advance(TimeSpan.FromSeconds(31));
        var fresh = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);
        Assert.NotNull(fresh);

        await CompleteWithActivities(stale!, "late");
        await CompleteWithActivities(fresh!, "winner");

        var history = _service.GetHistory("i1");
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Equal("winner", history.OfType<TaskScheduledEvent>().Single().Name);
    }

    [Fact]
    public async Task A_timer_message_becomes_visible_at_its_fire_time()
    {
        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var item = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);
        var fireAt = _time.GetUtcNow().UtcDateTime.AddMinutes(5);
        var state = Run(item!, new TimerCreatedEvent(0, fireAt));
        await _service.CompleteTaskOrchestrationWorkItemAsync(item!, state, [], [], [Message("i1", new TimerFiredEvent(-1, fireAt) { TimerId = 0 })], null!, null!);

        Assert.Null(await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        _time.Advance(TimeSpan.FromMinutes(5));
        var fired = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);

        Assert.IsType<TimerFiredEvent>(Assert.Single(fired!.NewMessages).Event);
    }

    [Fact]
    public async Task Creating_a_running_instance_again_is_refused_and_a_finished_one_restarts()
    {
        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        await Assert.ThrowsAsync<DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(
            () => _service.CreateTaskOrchestrationAsync(Start("i1", "Flow")));

        var item = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);
        await Finish(item!, "\"done\"");
        Assert.Equal(OrchestrationStatus.Completed, (await _service.GetOrchestrationStateAsync("i1", null!)).OrchestrationStatus);

        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        Assert.Equal(OrchestrationStatus.Pending, (await _service.GetOrchestrationStateAsync("i1", null!)).OrchestrationStatus);
        Assert.Empty(_service.GetHistory("i1"));
    }

    [Fact]
    public async Task Wait_returns_when_the_instance_finishes()
    {
        await _service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var wait = _service.WaitForOrchestrationAsync("i1", null!, TimeSpan.FromMinutes(1), default);
        var item = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);

        await Finish(item!, "\"out\"");

        var state = await wait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("\"out\"", state.Output);
    }

    [Fact]
    public async Task Query_pages_with_a_continuation_token_and_purge_removes_only_finished_instances()
    {
        for (var i = 0; i < 5; i++)
        {
            await _service.CreateTaskOrchestrationAsync(Start($"q{i}", "Flow"));
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _service.GetOrchestrationWithQueryAsync(new OrchestrationQuery { PageSize = 2, ContinuationToken = token, InstanceIdPrefix = "q" }, default);
            seen.AddRange(page.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);
        Assert.Equal(["q0", "q1", "q2", "q3", "q4"], seen);

        var item = await _service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default);
        await Finish(item!, "null");
        Assert.Equal(0, (await _service.PurgeInstanceStateAsync("q1")).DeletedInstanceCount);
        Assert.Equal(1, (await _service.PurgeInstanceStateAsync(item!.InstanceId)).DeletedInstanceCount);
        Assert.Null(await _service.GetOrchestrationStateAsync(item.InstanceId, null!));
    }

    private async Task CompleteWithActivities(TaskOrchestrationWorkItem item, params string[] names)
    {
        var events = names.Select((n, i) => (HistoryEvent)new TaskScheduledEvent(i, n)).ToArray();
        var state = Run(item, events);
        var outbound = names.Select((n, i) => Message(item.InstanceId, new TaskScheduledEvent(i, n))).ToList();
        await _service.CompleteTaskOrchestrationWorkItemAsync(item, state, outbound, [], [], null!, null!);
    }

    private async Task Finish(TaskOrchestrationWorkItem item, string output)
    {
        var state = Run(item, new ExecutionCompletedEvent(1, output, OrchestrationStatus.Completed));
        await _service.CompleteTaskOrchestrationWorkItemAsync(item, state, [], [], [], null!, null!);
    }

    // Plays the part of the sidecar: the work item's messages become history, then the new events.
    private static OrchestrationRuntimeState Run(TaskOrchestrationWorkItem item, params HistoryEvent[] produced)
    {
        var state = item.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (var message in item.NewMessages)
        {
            state.AddEvent(message.Event);
        }

        foreach (var e in produced)
        {
            state.AddEvent(e);
        }

        state.AddEvent(new OrchestratorCompletedEvent(-1));
        return state;
    }

    private static TaskMessage Start(string instanceId, string name, string? queue = null)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var started = new ExecutionStartedEvent(-1, null) { Name = name, OrchestrationInstance = instance, Tags = new Dictionary<string, string>() };
        if (queue is not null)
        {
            started.Tags[InstanceTags.Queue] = queue;
        }

        return new TaskMessage { OrchestrationInstance = instance, Event = started };
    }

    private static TaskMessage Message(string instanceId, HistoryEvent e) =>
        new() { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = e };
}
