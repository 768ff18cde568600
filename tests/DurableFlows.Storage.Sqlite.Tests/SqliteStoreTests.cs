using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static DurableFlows.Storage.Tests.Sidecar;

namespace DurableFlows.Storage.Sqlite.Tests;

/// <summary>What the SQLite backend adds to the shared behaviour: the file survives, is migrated and is compact.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private static readonly TimeSpan _noWait = TimeSpan.Zero;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reopening_after_dispose_keeps_instances_history_messages_activities_and_timers()
    {
        var path = _folder.File("reopen.db");
        var fireAt = _time.GetUtcNow().UtcDateTime.AddMinutes(1);
        await using (var service = Open(path))
        {
            await service.CreateTaskOrchestrationAsync(Start("i1", "Flow", queue: "q", input: "\"in\""));
            var item = await service.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("q"), _noWait, default);
            var scheduled = new TaskScheduledEvent(0, "act") { Input = "\"a\"" };
            await service.CompleteTaskOrchestrationWorkItemAsync(
                item!, Run(item!, scheduled, new TimerCreatedEvent(1, fireAt)), Schedule(item!, scheduled), [],
                [Message("i1", new TimerFiredEvent(-1, fireAt) { TimerId = 1 })], null!, null!);
            await service.SendTaskOrchestrationMessageAsync(Message("i1", new EventRaisedEvent(-1, "\"e\"") { Name = "go" }));
        }

        await using (var reopened = Open(path))
        {
            var state = await reopened.GetOrchestrationStateAsync("i1", null!);
            Assert.Equal(OrchestrationStatus.Running, state.OrchestrationStatus);
            Assert.Equal("\"in\"", state.Input);
            Assert.Equal([EventType.OrchestratorStarted, EventType.ExecutionStarted, EventType.TaskScheduled, EventType.TimerCreated, EventType.OrchestratorCompleted],
                reopened.GetHistory("i1").Select(e => e.EventType));
            var activity = await reopened.LockNextTaskActivityWorkItemAsync(new WorkItemSelector("q"), _noWait, default);
            Assert.Equal("\"a\"", ((TaskScheduledEvent)activity!.TaskMessage.Event).Input);

            var item = await reopened.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("q"), _noWait, default);
            Assert.IsType<EventRaisedEvent>(Assert.Single(item!.NewMessages).Event);
            await reopened.CompleteTaskOrchestrationWorkItemAsync(item, Run(item), [], [], [], null!, null!);
            _time.Advance(TimeSpan.FromMinutes(1));
            var timer = await reopened.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("q"), _noWait, default);
            Assert.IsType<TimerFiredEvent>(Assert.Single(timer!.NewMessages).Event);
        }
    }

    [Fact]
    public async Task Work_items_locked_when_the_process_stopped_are_available_at_once_after_a_restart()
    {
        var path = _folder.File("restart.db");
        await using (var service = Open(path))
        {
            await service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
            Assert.NotNull(await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default));
        }

        await using var restarted = Open(path);
        var item = await restarted.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
        Assert.IsType<ExecutionStartedEvent>(Assert.Single(item!.NewMessages).Event);
    }

    [Fact]
    public async Task Deliveries_of_work_handed_back_are_counted_in_the_file_and_survive_a_restart()
    {
        var path = _folder.File("deliveries.db");
        await using (var service = Open(path))
        {
            await service.CreateTaskOrchestrationAsync(Start("handed-back", "Flow"));
            for (var i = 0; i < 2; i++)
            {
                var item = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
                Assert.Equal("handed-back", item!.InstanceId);
                await service.AbandonTaskOrchestrationWorkItemAsync(item);
            }

            // Completed before its delivery count was written: the count is skipped with the row gone.
            await service.CreateTaskOrchestrationAsync(Start("completed", "Flow", queue: "other"));
            var completed = await service.LockNextTaskOrchestrationWorkItemAsync(new WorkItemSelector("other"), _noWait, default);
            await service.CompleteTaskOrchestrationWorkItemAsync(completed!, Run(completed!), [], [], [], null!, null!);
        }

        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM Inbox WHERE InstanceId = 'completed'"));
        Assert.Equal(2L, Scalar(path, "SELECT DequeueCount FROM Inbox WHERE InstanceId = 'handed-back'"));
        await using var restarted = Open(path);
        var again = await restarted.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
        Assert.Equal("handed-back", again!.InstanceId);
    }

    [Fact]
    public async Task Large_payloads_are_stored_once_and_released_by_purge()
    {
        var path = _folder.File("payloads.db");
        var big = "\"" + new string('x', 20_000) + "\"";
        await using var service = Open(path, threshold: 1000);
        for (var i = 0; i < 3; i++)
        {
            await service.CreateTaskOrchestrationAsync(Start($"p{i}", "Flow", input: big));
            var item = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
            var scheduled = new TaskScheduledEvent(0, "act") { Input = big };
            await service.CompleteTaskOrchestrationWorkItemAsync(item!, Run(item!, scheduled), Schedule(item!, scheduled), [], [], null!, null!);
        }

        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM Payloads"));
        Assert.True((long)Scalar(path, "SELECT max(length(Body)) FROM History")! < 2000);
        Assert.Equal(big, (await service.GetOrchestrationStateAsync("p1", null!)).Input);
        Assert.Equal(big, service.GetHistory("p2").OfType<TaskScheduledEvent>().Single().Input);
        var activity = await service.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, _noWait, default);
        Assert.Equal(big, ((TaskScheduledEvent)activity!.TaskMessage.Event).Input);

        for (var i = 0; i < 3; i++)
        {
            await service.ForceTerminateTaskOrchestrationAsync($"p{i}", "done");
            var item = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
            await service.CompleteTaskOrchestrationWorkItemAsync(
                item!, Run(item!, new ExecutionCompletedEvent(1, null, OrchestrationStatus.Terminated)), [], [], [], null!, null!);
            await service.PurgeInstanceStateAsync(item!.InstanceId);
        }

        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM Payloads"));
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM Activities"));
    }

    [Fact]
    public async Task A_database_of_schema_version_1_is_migrated_on_start_up_with_its_data()
    {
        var path = _folder.File("old.db");
        await using (var old = Open(path, schemaVersion: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
            await old.CreateTaskOrchestrationAsync(Start("kept", "Flow", input: "42"));
        }

        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'Instances_Name'"));
        Assert.Equal(2L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('Inbox_Ready', 'Activities_Ready')"));

        await using var current = Open(path);

        Assert.Equal(3, current.SchemaVersion);
        Assert.Equal(3L, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(3L, Scalar(path, "SELECT count(*) FROM SchemaVersions"));
        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'Instances_Name'"));
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('Inbox_Ready', 'Activities_Ready')"));
        Assert.Equal("42", (await current.GetOrchestrationStateAsync("kept", null!)).Input);
        Assert.NotNull(await current.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default));
    }

    [Fact]
    public async Task Concurrent_writes_share_commits()
    {
        await using var service = Open(_folder.File("group.db"));
        var before = service.Statistics;

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => service.CreateTaskOrchestrationAsync(Start($"g{i}", "Flow")))));

        var after = service.Statistics;
        Assert.Equal(300, after.Operations - before.Operations);
        Assert.True(after.Commits - before.Commits < 150, $"300 concurrent creations took {after.Commits - before.Commits} commits; expected them grouped.");
        // Full durability: each answered creation waited for an fsync of the log, which may cover several commits.
        Assert.InRange(after.LogSyncs - before.LogSyncs, 1, after.Commits - before.Commits);
        Assert.Equal(300L, Scalar(service.DatabasePath, "SELECT count(*) FROM Instances"));
    }

    [Fact]
    public async Task Normal_durability_leaves_the_log_to_checkpoints()
    {
        await using var service = new SqliteOrchestrationService(
            new SqliteOrchestrationServiceOptions { Path = _folder.File("normal.db"), Durability = SqliteDurability.Normal }, _time);

        await service.CreateTaskOrchestrationAsync(Start("n1", "Flow"));

        Assert.Equal(0, service.Statistics.LogSyncs);
        Assert.Equal(1L, Scalar(service.DatabasePath, "SELECT count(*) FROM Instances"));
    }

    [Fact]
    public async Task A_checkpoint_whose_history_is_already_stored_is_dropped_whole()
    {
        var path = _folder.File("duplicate.db");
        await using var service = Open(path);
        await service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var item = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
        var executionId = InstanceOf(item!).ExecutionId;

        // Another worker's checkpoint of the same step reached the history table first.
        using (var other = new SqliteConnection($"Data Source={path}"))
        {
            other.Open();
            using var insert = other.CreateCommand();
            insert.CommandText = "INSERT INTO History (InstanceId, ExecutionId, SequenceNumber, EventType, Body) VALUES ('i1', $e, 0, 12, '{}')";
            insert.Parameters.AddWithValue("$e", executionId);
            insert.ExecuteNonQuery();
        }

        var scheduled = new TaskScheduledEvent(0, "act");
        await service.CompleteTaskOrchestrationWorkItemAsync(item!, Run(item!, scheduled), Schedule(item!, scheduled), [], [], null!, null!);

        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM History"));
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM Activities"));
        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM Inbox"));
        Assert.Equal(1, service.Statistics.DroppedDuplicates);
    }

    [Fact]
    public async Task The_next_episode_takes_the_history_from_the_cache_and_sees_the_same_events()
    {
        await using var service = Open(_folder.File("cache.db"));
        await service.CreateTaskOrchestrationAsync(Start("i1", "Flow"));
        var first = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
        var scheduled = new TaskScheduledEvent(0, "act") { Input = "\"a\"" };
        await service.CompleteTaskOrchestrationWorkItemAsync(first!, Run(first!, scheduled), Schedule(first!, scheduled), [], [], null!, null!);
        var activity = await service.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, _noWait, default);
        await service.CompleteTaskActivityWorkItemAsync(activity!, Message("i1", new TaskCompletedEvent(-1, 0, "\"r\"")));
        Assert.Equal(0, service.Statistics.HistoryCacheHits);

        var second = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);

        Assert.Equal(1, service.Statistics.HistoryCacheHits);
        Assert.Equal(service.GetHistory("i1").Select(e => e.EventType), second!.OrchestrationRuntimeState.Events.Select(e => e.EventType));
        Assert.Equal("\"a\"", second.OrchestrationRuntimeState.Events.OfType<TaskScheduledEvent>().Single().Input);
        Assert.IsType<TaskCompletedEvent>(Assert.Single(second.NewMessages).Event);
    }

    [Fact]
    public async Task A_history_the_cache_let_go_is_read_from_the_file()
    {
        var path = _folder.File("uncached.db");
        await using var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { Path = path, HistoryCacheSize = 0 }, _time);
        foreach (var instanceId in new[] { "i1", "i2" })
        {
            // The second checkpoint pushes the first, committed one out of a cache of size 0.
            await service.CreateTaskOrchestrationAsync(Start(instanceId, "Flow"));
            var first = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
            var scheduled = new TaskScheduledEvent(0, "act") { Input = "\"" + instanceId + "\"" };
            await service.CompleteTaskOrchestrationWorkItemAsync(first!, Run(first!, scheduled), [], [], [], null!, null!);
        }

        await service.SendTaskOrchestrationMessageAsync(Message("i1", new EventRaisedEvent(-1, "\"e\"") { Name = "go" }));
        var second = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);

        Assert.Equal("i1", second!.InstanceId);
        Assert.Equal(0, service.Statistics.HistoryCacheHits);
        Assert.Equal(service.GetHistory("i1").Select(e => e.EventType), second.OrchestrationRuntimeState.Events.Select(e => e.EventType));
        Assert.Equal("\"i1\"", second.OrchestrationRuntimeState.Events.OfType<TaskScheduledEvent>().Single().Input);
        Assert.IsType<EventRaisedEvent>(Assert.Single(second.NewMessages).Event);
    }

    private SqliteOrchestrationService Open(string path, int threshold = 4096, int? schemaVersion = null) =>
        new(new SqliteOrchestrationServiceOptions { Path = path, PayloadThreshold = threshold, SchemaVersion = schemaVersion }, _time);

    internal static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is long or string or null ? value : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
