using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.Extensions.Time.Testing;
using static DurableFlows.Storage.Tests.Sidecar;

namespace DurableFlows.Storage.Tests;

/// <summary>
/// What every backend must do, driven through <see cref="IOrchestrationService"/> the way the sidecar
/// drives it: create, lock the orchestration, complete it with a new runtime state and messages, lock the
/// activity, complete it, and so on. A backend's test project derives from this class.
/// </summary>
public abstract class OrchestrationServiceConformance : IAsyncLifetime
{
    /// <summary>Asks for a work item without waiting.</summary>
    protected static readonly TimeSpan NoWait = TimeSpan.Zero;

    // Guards awaits that rely on a signal, so a missing signal fails the test instead of hanging it.
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(10);

    /// <summary>Gets the clock the backend reads; tests move it instead of sleeping.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Gets the backend under test.</summary>
    protected IOrchestrationService Service { get; private set; } = null!;

    /// <summary>Gets the client side of the backend.</summary>
    protected IOrchestrationServiceClient Client => (IOrchestrationServiceClient)Service;

    /// <summary>Gets the routed locking extension of the backend.</summary>
    protected IRoutedOrchestrationService Routing => (IRoutedOrchestrationService)Service;

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public async Task InitializeAsync() => Service = await CreateServiceAsync(Time, ConformanceOptions.Default);

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        switch (Service)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [Fact]
    public async Task Three_sequential_activities_run_to_completion()
    {
        await Client.CreateTaskOrchestrationAsync(Start("run", "Flow", input: "\"in\""));
        string[] names = ["a", "b", "c"];
        for (var i = 0; i < names.Length; i++)
        {
            var item = await LockOrchestration();
            var scheduled = new TaskScheduledEvent(i, names[i]) { Input = $"\"{names[i]}-in\"" };
            await Complete(item, [scheduled], outbound: Schedule(item, scheduled));

            var activity = await LockActivity();
            Assert.Equal(names[i], ((TaskScheduledEvent)activity.TaskMessage.Event).Name);
            Assert.Equal("run", activity.TaskMessage.OrchestrationInstance.InstanceId);
            await Service.CompleteTaskActivityWorkItemAsync(activity, Message("run", new TaskCompletedEvent(-1, i, $"\"{names[i]}-out\""), activity.TaskMessage.OrchestrationInstance.ExecutionId));
        }

        var last = await LockOrchestration();
        Assert.IsType<TaskCompletedEvent>(Assert.Single(last.NewMessages).Event);
        await Complete(last, [new ExecutionCompletedEvent(9, "\"done\"", OrchestrationStatus.Completed)]);

        var state = await Client.GetOrchestrationStateAsync("run", null!);
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"done\"", state.Output);
        Assert.Equal("\"in\"", state.Input);
        var history = await HistoryAsync(Client, "run");
        Assert.Equal(names, history.OfType<TaskScheduledEvent>().Select(e => e.Name));
        Assert.Equal(["\"a-out\"", "\"b-out\"", "\"c-out\""], history.OfType<TaskCompletedEvent>().Select(e => e.Result));
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Assert.Null(await Routing.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, NoWait, default));
    }

    [Fact]
    public async Task A_checkpoint_writes_history_activities_timers_and_messages_to_other_instances()
    {
        await Client.CreateTaskOrchestrationAsync(Start("target", "Other"));
        await Client.CreateTaskOrchestrationAsync(Start("parent", "Flow"));
        var item = await LockOrchestration(instanceId: "parent");
        var fireAt = Now.AddMinutes(1);
        var scheduled = new TaskScheduledEvent(0, "act");
        var child = Start("child", "Child", queue: "children");
        ((ExecutionStartedEvent)child.Event).ParentInstance = new ParentInstance
        {
            Name = "Flow",
            OrchestrationInstance = InstanceOf(item),
            TaskScheduleId = 2,
        };

        await Complete(
            item,
            [scheduled, new TimerCreatedEvent(1, fireAt), new SubOrchestrationInstanceCreatedEvent(2) { InstanceId = "child", Name = "Child" }],
            outbound: Schedule(item, scheduled),
            orchestrator: [child, Message("target", new EventRaisedEvent(-1, "\"hi\"") { Name = "ping" })],
            timers: [Message("parent", new TimerFiredEvent(-1, fireAt) { TimerId = 1 })]);

        var history = await HistoryAsync(Client, "parent");
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Single(history.OfType<TimerCreatedEvent>());
        Assert.Equal("act", ((TaskScheduledEvent)(await LockActivity()).TaskMessage.Event).Name);
        var childItem = await LockOrchestration(queue: "children");
        Assert.Equal("child", childItem.InstanceId);
        var target = await LockOrchestration();
        Assert.Equal("target", target.InstanceId);
        Assert.Equal([EventType.ExecutionStarted, EventType.EventRaised], target.NewMessages.Select(m => m.Event.EventType));
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Assert.Equal(OrchestrationStatus.Running, (await Client.GetOrchestrationStateAsync("parent", null!)).OrchestrationStatus);
    }

    [Fact]
    public async Task Messages_that_arrive_while_an_instance_is_locked_wait_for_the_next_work_item()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var first = await LockOrchestration();
        await Client.SendTaskOrchestrationMessageAsync(Message("i1", new EventRaisedEvent(-1, "1") { Name = "e" }));
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));

        await Complete(first, []);
        var second = await LockOrchestration();

        Assert.IsType<EventRaisedEvent>(Assert.Single(second.NewMessages).Event);
        Assert.Single((await HistoryAsync(Client, "i1")).OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public async Task Work_items_of_a_queue_go_only_to_that_queues_workers_and_activities_follow_their_instance()
    {
        await Client.CreateTaskOrchestrationAsync(Start("on-x", "Flow", queue: "x"));

        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("y"), NoWait, default));
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        var item = await LockOrchestration(queue: "x");
        var scheduled = new TaskScheduledEvent(0, "act");
        await Complete(item, [scheduled], outbound: Schedule(item, scheduled));

        Assert.Null(await Routing.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Assert.NotNull(await Routing.LockNextTaskActivityWorkItemAsync(new WorkItemSelector("x"), NoWait, default));
    }

    [Fact]
    public async Task Name_filters_select_only_the_named_orchestrations_and_activities()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Other"));
        await Client.CreateTaskOrchestrationAsync(Start("i2", "Wanted"));
        var selector = new WorkItemSelector(WorkItemSelector.DefaultQueue, new HashSet<string> { "Wanted" }, new HashSet<string> { "act" });

        var item = await Routing.LockNextTaskOrchestrationWorkItemAsync(selector, NoWait, default);
        Assert.Equal("i2", item!.InstanceId);
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(selector, NoWait, default));

        TaskScheduledEvent[] scheduled = [new(0, "skip"), new(1, "act")];
        await Complete(item, scheduled, outbound: Schedule(item, scheduled));
        var activity = await Routing.LockNextTaskActivityWorkItemAsync(selector, NoWait, default);
        Assert.Equal("act", ((TaskScheduledEvent)activity!.TaskMessage.Event).Name);
        Assert.Null(await Routing.LockNextTaskActivityWorkItemAsync(selector, NoWait, default));
    }

    [Fact]
    public async Task A_waiting_worker_is_woken_when_work_arrives_on_its_queue()
    {
        var waiting = Routing.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("late"), Timeout.InfiniteTimeSpan, default);
        Assert.False(waiting.IsCompleted);

        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow", queue: "late"));

        var item = await waiting.WaitAsync(_guard);
        Assert.Equal("i1", item!.InstanceId);
    }

    [Fact]
    public async Task Abandon_frees_the_work_item_at_once_with_its_messages()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var first = await LockOrchestration();

        await Service.AbandonTaskOrchestrationWorkItemAsync(first);
        var second = await LockOrchestration();

        Assert.IsType<ExecutionStartedEvent>(Assert.Single(second.NewMessages).Event);

        var scheduled = new TaskScheduledEvent(0, "act");
        await Complete(second, [scheduled], outbound: Schedule(second, scheduled));
        var activity = await LockActivity();
        await Service.AbandonTaskActivityWorkItemAsync(activity);
        Assert.Equal(activity.TaskMessage.Event.EventId, (await LockActivity()).TaskMessage.Event.EventId);
    }

    [Fact]
    public async Task An_expired_lock_makes_the_item_available_and_drops_the_late_checkpoint()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var stale = await LockOrchestration();
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));

        Time.Advance(ConformanceOptions.Default.LockTimeout + TimeSpan.FromSeconds(1));
        var fresh = await LockOrchestration();

        await CompleteWithActivities(stale, "late");
        await CompleteWithActivities(fresh, "winner");

        var history = await HistoryAsync(Client, "i1");
        Assert.Equal("winner", Assert.Single(history.OfType<TaskScheduledEvent>()).Name);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal("winner", ((TaskScheduledEvent)(await LockActivity()).TaskMessage.Event).Name);
        Assert.Null(await Routing.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, NoWait, default));
    }

    [Fact]
    public async Task A_second_checkpoint_of_the_same_step_after_the_winner_is_dropped()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var stale = await LockOrchestration();
        Time.Advance(ConformanceOptions.Default.LockTimeout + TimeSpan.FromSeconds(1));
        var fresh = await LockOrchestration();

        await CompleteWithActivities(fresh, "winner");
        await CompleteWithActivities(stale, "late");

        var history = await HistoryAsync(Client, "i1");
        Assert.Equal("winner", Assert.Single(history.OfType<TaskScheduledEvent>()).Name);
        Assert.Single(history.OfType<OrchestratorStartedEvent>());
    }

    [Fact]
    public async Task A_renewed_lock_does_not_expire()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var item = await LockOrchestration();

        Time.Advance(ConformanceOptions.Default.LockTimeout - TimeSpan.FromSeconds(1));
        await Service.RenewTaskOrchestrationWorkItemLockAsync(item);
        Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Assert.True(item.LockedUntilUtc > Now);
    }

    [Fact]
    public async Task An_activity_completed_twice_delivers_one_result()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        await CompleteWithActivities(await LockOrchestration(), "act");
        var stale = await LockActivity();
        Time.Advance(ConformanceOptions.Default.LockTimeout + TimeSpan.FromSeconds(1));
        var fresh = await LockActivity();

        await Service.CompleteTaskActivityWorkItemAsync(fresh, Message("i1", new TaskCompletedEvent(-1, 0, "\"fresh\"")));
        await Service.CompleteTaskActivityWorkItemAsync(stale, Message("i1", new TaskCompletedEvent(-1, 0, "\"stale\"")));

        var item = await LockOrchestration();
        Assert.Equal("\"fresh\"", ((TaskCompletedEvent)Assert.Single(item.NewMessages).Event).Result);
    }

    [Fact]
    public async Task Deliveries_are_counted_and_a_poison_orchestration_message_fails_the_instance()
    {
        await Client.CreateTaskOrchestrationAsync(Start("poison", "Flow"));
        for (var i = 0; i < ConformanceOptions.Default.MaxDequeueCount; i++)
        {
            await Service.AbandonTaskOrchestrationWorkItemAsync(await LockOrchestration());
        }

        var waiting = Client.WaitForOrchestrationAsync("poison", null!, Timeout.InfiniteTimeSpan, default);
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));

        var state = await waiting.WaitAsync(_guard);
        Assert.Equal(OrchestrationStatus.Failed, state.OrchestrationStatus);
        Assert.Contains("oison", state.FailureDetails?.ErrorMessage ?? state.Output, StringComparison.Ordinal);
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
    }

    [Fact]
    public async Task Deliveries_are_counted_and_a_poison_activity_fails_with_a_reason_sent_to_its_orchestration()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        await CompleteWithActivities(await LockOrchestration(), "crashes");
        var attempts = new List<long?>();
        for (var i = 0; i < ConformanceOptions.Default.MaxDequeueCount; i++)
        {
            var activity = await LockActivity();
            attempts.Add(activity.DeliveryAttempt);
            await Service.AbandonTaskActivityWorkItemAsync(activity);
        }

        Assert.Equal([1L, 2L, 3L], attempts);
        Assert.Null(await Routing.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        var item = await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, Timeout.InfiniteTimeSpan, default).WaitAsync(_guard);
        var failed = Assert.IsType<TaskFailedEvent>(Assert.Single(item!.NewMessages).Event);
        Assert.Equal(0, failed.TaskScheduledId);
        Assert.Contains("oison", failed.Reason, StringComparison.Ordinal);
        Assert.Null(await Routing.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, NoWait, default));
    }

    [Fact]
    public async Task A_timer_message_becomes_visible_at_its_fire_time()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var item = await LockOrchestration();
        var fireAt = Now.AddMinutes(5);
        await Complete(item, [new TimerCreatedEvent(0, fireAt)], timers: [Message("i1", new TimerFiredEvent(-1, fireAt) { TimerId = 0 })]);

        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Time.Advance(TimeSpan.FromMinutes(5));
        var fired = await LockOrchestration();

        Assert.Equal(fireAt, ((TimerFiredEvent)Assert.Single(fired.NewMessages).Event).FireAt);
    }

    [Fact]
    public async Task A_waiting_worker_wakes_when_a_timer_fires()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var item = await LockOrchestration();
        var fireAt = Now.AddSeconds(10);
        await Complete(item, [new TimerCreatedEvent(0, fireAt)], timers: [Message("i1", new TimerFiredEvent(-1, fireAt) { TimerId = 0 })]);

        var waiting = Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, TimeSpan.FromMinutes(1), default);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        await AdvanceUntilDone(waiting, TimeSpan.FromSeconds(10));

        Assert.IsType<TimerFiredEvent>(Assert.Single((await waiting)!.NewMessages).Event);
    }

    [Fact]
    public async Task A_scheduled_start_waits_for_its_time()
    {
        await Client.CreateTaskOrchestrationAsync(Start("later", "Flow", scheduledStart: Now.AddMinutes(2)));
        await Client.SendTaskOrchestrationMessageAsync(Message("later", new EventRaisedEvent(-1, "1") { Name = "early" }));

        Assert.Equal(OrchestrationStatus.Pending, (await Client.GetOrchestrationStateAsync("later", null!)).OrchestrationStatus);
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Time.Advance(TimeSpan.FromMinutes(2));

        var item = await LockOrchestration();
        Assert.Equal([EventType.ExecutionStarted, EventType.EventRaised], item.NewMessages.Select(m => m.Event.EventType));
    }

    [Fact]
    public async Task Continue_as_new_with_a_fresh_runtime_state_replaces_the_history()
    {
        await Client.CreateTaskOrchestrationAsync(Start("loop", "Flow", input: "0"));
        var item = await LockOrchestration();
        var oldExecution = InstanceOf(item).ExecutionId;
        await CompleteWithActivities(item, "first");
        await Service.CompleteTaskActivityWorkItemAsync(await LockActivity(), Message("loop", new TaskCompletedEvent(-1, 0, "1")));
        item = await LockOrchestration();

        // DurableTask.Core's dispatcher hands over the new execution's runtime state after ContinueAsNew.
        var next = new OrchestrationRuntimeState();
        next.AddEvent(new OrchestratorStartedEvent(-1));
        var instance = new OrchestrationInstance { InstanceId = "loop", ExecutionId = Guid.NewGuid().ToString("N") };
        next.AddEvent(new ExecutionStartedEvent(-1, "1") { Name = "Flow", OrchestrationInstance = instance, Tags = new Dictionary<string, string>() });
        next.AddEvent(new OrchestratorCompletedEvent(-1));
        await Service.CompleteTaskOrchestrationWorkItemAsync(item, next, [], [], [], null!, null!);

        var state = await Client.GetOrchestrationStateAsync("loop", null!);
        Assert.Equal(instance.ExecutionId, state.OrchestrationInstance.ExecutionId);
        Assert.NotEqual(oldExecution, state.OrchestrationInstance.ExecutionId);
        Assert.Equal(OrchestrationStatus.Running, state.OrchestrationStatus);
        var history = await HistoryAsync(Client, "loop");
        Assert.Equal("1", Assert.Single(history.OfType<ExecutionStartedEvent>()).Input);
        Assert.Empty(history.OfType<TaskScheduledEvent>());
    }

    [Fact]
    public async Task Continue_as_new_by_message_starts_a_new_execution_and_carries_over_events()
    {
        await Client.CreateTaskOrchestrationAsync(Start("loop", "Flow", input: "0"));
        var item = await LockOrchestration();
        var oldExecution = InstanceOf(item).ExecutionId;
        await Client.SendTaskOrchestrationMessageAsync(Message("loop", new EventRaisedEvent(-1, "\"kept\"") { Name = "e" }));
        await Client.SendTaskOrchestrationMessageAsync(Message("loop", new TaskCompletedEvent(-1, 5, "\"old\""), oldExecution));
        var state = Run(item, new ContinueAsNewEvent(0, "1"));
        var nextInstance = new OrchestrationInstance { InstanceId = "loop", ExecutionId = Guid.NewGuid().ToString("N") };
        var continued = new TaskMessage
        {
            OrchestrationInstance = nextInstance,
            Event = new ExecutionStartedEvent(-1, "1") { Name = "Flow", OrchestrationInstance = nextInstance, Tags = new Dictionary<string, string>() },
        };

        // As the sidecar does it: events the orchestrator carries over are messages to the new execution.
        var carried = new TaskMessage { OrchestrationInstance = nextInstance, Event = new EventRaisedEvent(-1, "\"carried\"") { Name = "c" } };
        await Service.CompleteTaskOrchestrationWorkItemAsync(item, state, [], [carried], [], continued, null!);

        var next = await LockOrchestration();
        Assert.Empty(next.OrchestrationRuntimeState.Events);
        Assert.Equal([EventType.ExecutionStarted, EventType.EventRaised, EventType.EventRaised], next.NewMessages.Select(m => m.Event.EventType));
        Assert.Equal(nextInstance.ExecutionId, ((ExecutionStartedEvent)next.NewMessages[0].Event).OrchestrationInstance.ExecutionId);
        Assert.Equal(["\"kept\"", "\"carried\""], next.NewMessages.Skip(1).Select(m => ((EventRaisedEvent)m.Event).Input));
        await Complete(next, []);
        var history = await HistoryAsync(Client, "loop");
        Assert.Equal("1", Assert.Single(history.OfType<ExecutionStartedEvent>()).Input);
        var current = await Client.GetOrchestrationStateAsync("loop", null!);
        Assert.Equal(OrchestrationStatus.Running, current.OrchestrationStatus);
        Assert.Equal(nextInstance.ExecutionId, current.OrchestrationInstance.ExecutionId);
    }

    [Fact]
    public async Task Terminate_delivers_an_ExecutionTerminatedEvent_and_the_instance_finishes()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        await Complete(await LockOrchestration(), []);

        await Client.ForceTerminateTaskOrchestrationAsync("i1", "enough");
        var item = await LockOrchestration();
        var terminated = Assert.IsType<ExecutionTerminatedEvent>(Assert.Single(item.NewMessages).Event);
        Assert.Equal("enough", terminated.Input);
        var waiting = Client.WaitForOrchestrationAsync("i1", null!, Timeout.InfiniteTimeSpan, default);
        await Complete(item, [new ExecutionCompletedEvent(1, "\"enough\"", OrchestrationStatus.Terminated)]);

        Assert.Equal(OrchestrationStatus.Terminated, (await waiting.WaitAsync(_guard)).OrchestrationStatus);
        await Client.SendTaskOrchestrationMessageAsync(Message("i1", new EventRaisedEvent(-1, "1") { Name = "late" }));
        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
    }

    [Fact]
    public async Task Suspend_and_resume_are_delivered_as_messages()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        await Complete(await LockOrchestration(), []);

        await Client.SendTaskOrchestrationMessageAsync(Message("i1", new ExecutionSuspendedEvent(-1, "pause")));
        var suspend = await LockOrchestration();
        Assert.IsType<ExecutionSuspendedEvent>(Assert.Single(suspend.NewMessages).Event);
        await Complete(suspend, []);
        Assert.Equal(OrchestrationStatus.Suspended, (await Client.GetOrchestrationStateAsync("i1", null!)).OrchestrationStatus);

        await Client.SendTaskOrchestrationMessageAsync(Message("i1", new ExecutionResumedEvent(-1, "go")));
        var resume = await LockOrchestration();
        Assert.IsType<ExecutionResumedEvent>(Assert.Single(resume.NewMessages).Event);
        await Complete(resume, []);
        Assert.Equal(OrchestrationStatus.Running, (await Client.GetOrchestrationStateAsync("i1", null!)).OrchestrationStatus);
    }

    [Fact]
    public async Task A_message_for_an_instance_that_does_not_exist_is_not_a_work_item()
    {
        await Client.SendTaskOrchestrationMessageAsync(Message("nobody", new EventRaisedEvent(-1, "1") { Name = "e" }));

        Assert.Null(await Routing.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, NoWait, default));
        Assert.Null(await Client.GetOrchestrationStateAsync("nobody", null!));
    }

    [Fact]
    public async Task Creating_a_running_instance_again_is_refused_and_a_finished_one_restarts()
    {
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Client.CreateTaskOrchestrationAsync(Start("i1", "Flow")));

        await Complete(await LockOrchestration(), [new ExecutionCompletedEvent(1, "\"done\"", OrchestrationStatus.Completed)]);
        Assert.Equal(OrchestrationStatus.Completed, (await Client.GetOrchestrationStateAsync("i1", null!)).OrchestrationStatus);

        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        Assert.Equal(OrchestrationStatus.Pending, (await Client.GetOrchestrationStateAsync("i1", null!)).OrchestrationStatus);
        Assert.Empty(await HistoryAsync(Client, "i1"));
    }

    [Fact]
    public async Task Wait_returns_when_the_instance_finishes_and_null_on_timeout()
    {
        var created = Now;
        await Client.CreateTaskOrchestrationAsync(Start("i1", "Flow", input: "\"in\""));
        var wait = Client.WaitForOrchestrationAsync("i1", null!, TimeSpan.FromMinutes(1), default);
        await Task.Delay(20);
        Assert.False(wait.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(3));
        await Complete(await LockOrchestration(), [new ExecutionCompletedEvent(1, "\"out\"", OrchestrationStatus.Completed)]);

        // The waiter is handed the state a read returns, times included.
        var done = await wait.WaitAsync(_guard);
        var read = await Client.GetOrchestrationStateAsync("i1", null!);
        Assert.Equal(("\"in\"", "\"out\"", OrchestrationStatus.Completed), (done.Input, done.Output, done.OrchestrationStatus));
        Assert.Equal((created, created.AddSeconds(3)), (done.CreatedTime, done.LastUpdatedTime));
        Assert.Equal((read.CreatedTime, read.LastUpdatedTime, read.CompletedTime), (done.CreatedTime, done.LastUpdatedTime, done.CompletedTime));
        await Client.CreateTaskOrchestrationAsync(Start("i2", "Flow"));
        var timedOut = Client.WaitForOrchestrationAsync("i2", null!, TimeSpan.FromSeconds(5), default);
        await AdvanceUntilDone(timedOut, TimeSpan.FromSeconds(6));
        Assert.Null(await timedOut);
    }

    [Fact]
    public async Task Query_filters_by_status_created_time_name_and_prefix_and_pages_with_a_continuation_token()
    {
        var query = (IOrchestrationServiceQueryClient)Service;
        var start = Now;
        for (var i = 0; i < 5; i++)
        {
            await Client.CreateTaskOrchestrationAsync(Start($"q{i}", i % 2 == 0 ? "Even" : "Odd"));
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        await Client.CreateTaskOrchestrationAsync(Start("other", "Even"));
        await Complete(await LockOrchestration(instanceId: "q0"), [new ExecutionCompletedEvent(1, "null", OrchestrationStatus.Completed)]);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { PageSize = 2, ContinuationToken = token, InstanceIdPrefix = "q" }, default);
            Assert.True(page.OrchestrationState.Count <= 2);
            seen.AddRange(page.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);
        Assert.Equal(["q0", "q1", "q2", "q3", "q4"], seen);

        async Task<string[]> Ids(OrchestrationQuery q) =>
            [.. (await query.GetOrchestrationWithQueryAsync(q, default)).OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId).Order(StringComparer.Ordinal)];

        Assert.Equal(["q0"], await Ids(new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Completed] }));
        Assert.Equal(["q1", "q2"], await Ids(new OrchestrationQuery { CreatedTimeFrom = start.AddSeconds(30), CreatedTimeTo = start.AddSeconds(150) }));
        Assert.Equal(["q1", "q3"], await Ids(new NamedOrchestrationQuery { Names = ["Odd"] }));
        var withoutPayloads = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { InstanceIdPrefix = "q0", FetchInputsAndOutputs = false }, default);
        Assert.Null(Assert.Single(withoutPayloads.OrchestrationState).Output);
    }

    [Fact]
    public async Task Purge_by_id_and_by_filter_removes_finished_instances_with_their_history()
    {
        var purge = (IOrchestrationServicePurgeClient)Service;
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateTaskOrchestrationAsync(Start($"p{i}", "Flow"));
        }

        await Client.CreateTaskOrchestrationAsync(Start("running", "Flow"));
        for (var i = 0; i < 3; i++)
        {
            await Complete(await LockOrchestration(instanceId: $"p{i}"), [new ExecutionCompletedEvent(1, "null", OrchestrationStatus.Completed)]);
        }

        Assert.Equal(0, (await purge.PurgeInstanceStateAsync("running")).DeletedInstanceCount);
        Assert.Equal(1, (await purge.PurgeInstanceStateAsync("p0")).DeletedInstanceCount);
        Assert.Null(await Client.GetOrchestrationStateAsync("p0", null!));
        Assert.Empty(await HistoryAsync(Client, "p0"));

        // The sidecar hands the ids a purge by filter names to whatever is kept outside the store (payloads).
        var filter = new PurgeInstanceFilter(Now.AddHours(-1), Now.AddHours(1), [OrchestrationStatus.Completed]);
        Assert.Equal(["p1", "p2"], (await ((IReportingPurgeClient)Service).PurgeInstancesAsync(filter)).Order(StringComparer.Ordinal));
        Assert.Null(await Client.GetOrchestrationStateAsync("p1", null!));
        Assert.NotNull(await Client.GetOrchestrationStateAsync("running", null!));
        Assert.Equal(0, (await purge.PurgeInstanceStateAsync(filter)).DeletedInstanceCount);
    }

    /// <summary>
    /// Moves the clock by <paramref name="step"/> until the task completes: the backend may create its timer
    /// only after the first step, so one step alone could be missed.
    /// </summary>
    protected async Task AdvanceUntilDone(Task task, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(task);
        var guard = Task.Delay(_guard);
        while (!task.IsCompleted && !guard.IsCompleted)
        {
            Time.Advance(step);
            await Task.WhenAny(task, Task.Delay(20));
        }

        Assert.True(task.IsCompleted, "The backend did not react to the clock.");
    }

    /// <summary>Creates a fresh, empty backend on the given clock.</summary>
    protected abstract Task<IOrchestrationService> CreateServiceAsync(TimeProvider time, ConformanceOptions options);

    /// <summary>Locks the next orchestration work item of a queue, optionally checking which instance it is.</summary>
    protected async Task<TaskOrchestrationWorkItem> LockOrchestration(string queue = WorkItemSelector.DefaultQueue, string? instanceId = null)
    {
        var item = await Routing.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector(queue), NoWait, default);
        Assert.NotNull(item);
        if (instanceId is not null && item.InstanceId != instanceId)
        {
            // Other ready instances are handed back so the named one can be taken.
            var others = new List<TaskOrchestrationWorkItem> { item };
            while (item.InstanceId != instanceId)
            {
                item = await Routing.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector(queue), NoWait, default);
                Assert.NotNull(item);
                others.Add(item);
            }

            foreach (var other in others.Where(o => o.InstanceId != instanceId))
            {
                await Service.AbandonTaskOrchestrationWorkItemAsync(other);
            }
        }

        return item;
    }

    /// <summary>Locks the next activity work item of a queue.</summary>
    protected async Task<TaskActivityWorkItem> LockActivity(string queue = WorkItemSelector.DefaultQueue)
    {
        var item = await Routing.LockNextTaskActivityWorkItemAsync(new WorkItemSelector(queue), NoWait, default);
        Assert.NotNull(item);
        return item;
    }

    /// <summary>Completes a work item with the events the orchestrator produced and the messages it sends.</summary>
    protected Task Complete(
        TaskOrchestrationWorkItem item,
        HistoryEvent[] produced,
        List<TaskMessage>? outbound = null,
        List<TaskMessage>? orchestrator = null,
        List<TaskMessage>? timers = null) =>
        Service.CompleteTaskOrchestrationWorkItemAsync(item, Run(item, produced), outbound ?? [], orchestrator ?? [], timers ?? [], null!, null!);

    /// <summary>Completes a work item that schedules the named activities.</summary>
    protected Task CompleteWithActivities(TaskOrchestrationWorkItem item, params string[] names)
    {
        var scheduled = names.Select((n, i) => new TaskScheduledEvent(i, n)).ToArray();
        return Complete(item, scheduled, outbound: Schedule(item, scheduled));
    }
}
