using System.Diagnostics;
using System.Security.Cryptography;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Time.Testing;
using static DurableFlows.Storage.Tests.Sidecar;

namespace DurableFlows.Storage.Sqlite.Tests;

/// <summary>
/// Files the backend cannot use get an error that says what is wrong and what was expected, and the data
/// already stored is neither lost nor changed.
/// </summary>
public sealed class SqliteBadInputTests : IDisposable
{
    private static readonly TimeSpan _noWait = TimeSpan.Zero;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_that_is_not_SQLite_is_refused_and_left_untouched()
    {
        var path = _folder.File("notes.db");
        File.WriteAllText(path, "These are my notes, not a database.\n" + new string('.', 5000));
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<SqliteStorageException>(() => Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_corrupt_database_is_refused_and_left_untouched()
    {
        var path = _folder.File("corrupt.db");
        await using (var service = Open(path))
        {
            for (var i = 0; i < 50; i++)
            {
                await service.CreateTaskOrchestrationAsync(Start($"i{i}", "Flow", input: $"\"{new string('v', 500)}\""));
            }
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096 * 2;
            file.Write(Enumerable.Repeat((byte)0xA5, 4096 * 3).ToArray());
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));

        var error = Assert.Throws<SqliteStorageException>(() => Open(path));

        Assert.Contains("is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
    }

    [Fact]
    public async Task A_database_locked_by_another_process_is_reported_and_usable_once_released()
    {
        var path = _folder.File("locked.db");
        await using (var service = Open(path))
        {
            await service.CreateTaskOrchestrationAsync(Start("kept", "Flow"));
        }

        var shell = Process.Start(new ProcessStartInfo("sqlite3", [path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await shell.StandardInput.WriteLineAsync("BEGIN EXCLUSIVE; INSERT INTO SchemaVersions VALUES (1000, 'x', 'x'); SELECT 'holding';");
            await shell.StandardInput.FlushAsync();
            Assert.Equal("holding", await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

            var error = Assert.Throws<SqliteStorageException>(() => Open(path));

            Assert.Contains("is locked by another process", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await shell.StandardInput.WriteLineAsync("ROLLBACK;");
            shell.StandardInput.Close();
            await shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            shell.Dispose();
        }

        await using var released = Open(path);
        Assert.Equal(OrchestrationStatus.Pending, (await released.GetOrchestrationStateAsync("kept", null!)).OrchestrationStatus);
    }

    [Fact]
    public async Task A_second_host_on_the_same_file_is_refused()
    {
        var path = _folder.File("owned.db");
        await using var first = Open(path);

        var error = Assert.Throws<SqliteStorageException>(() => Open(path));

        Assert.Contains("in use by another DurableFlows process", error.Message, StringComparison.Ordinal);
        await first.CreateTaskOrchestrationAsync(Start("still-works", "Flow"));
    }

    [Fact]
    public async Task A_read_only_folder_is_reported_and_the_database_in_it_stays_intact()
    {
        var folder = Path.Combine(_folder.Path, "frozen");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "frozen.db");
        await using (var service = Open(path))
        {
            await service.CreateTaskOrchestrationAsync(Start("kept", "Flow", input: "7"));
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));

        // Tests run as root, which ignores permission bits: the immutable attribute stops root too.
        Shell.Run("chattr", "+i", folder);
        try
        {
            Assert.ThrowsAny<Exception>(() => File.WriteAllText(Path.Combine(folder, "probe"), "x"));

            var existing = Assert.Throws<SqliteStorageException>(() => Open(path));
            var fresh = Assert.Throws<SqliteStorageException>(() => Open(Path.Combine(folder, "new.db")));

            Assert.Contains("writable", existing.Message, StringComparison.Ordinal);
            Assert.Contains(folder, fresh.Message, StringComparison.Ordinal);
            Assert.Contains("writable folder", fresh.Message, StringComparison.Ordinal);
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        }
        finally
        {
            Shell.Run("chattr", "-i", folder);
        }

        await using var writable = Open(path);
        Assert.Equal("7", (await writable.GetOrchestrationStateAsync("kept", null!)).Input);
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_is_refused_and_left_untouched()
    {
        var path = _folder.File("future.db");
        await using (var service = Open(path))
        {
            await service.CreateTaskOrchestrationAsync(Start("kept", "Flow"));
        }

        SqliteStoreTests.Scalar(path, "PRAGMA user_version = 99");
        var before = SHA256.HashData(File.ReadAllBytes(path));

        var error = Assert.Throws<SqliteStorageException>(() => Open(path));

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("up to 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(1L, SqliteStoreTests.Scalar(path, "SELECT count(*) FROM Instances"));
    }

    [Fact]
    public async Task Work_handed_out_before_a_failed_commit_is_handed_out_again()
    {
        await OnSmallDiskAsync(async mountPoint =>
        {
            await using var service = Open(Path.Combine(mountPoint, "rollback.db"));
            await service.CreateTaskOrchestrationAsync(Start("kept", "Flow"));
            var item = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
            var scheduled = new TaskScheduledEvent(0, "act");
            await service.CompleteTaskOrchestrationWorkItemAsync(item!, Run(item!, scheduled), Schedule(item!, scheduled), [], [], null!, null!);
            var activity = await service.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, _noWait, default);
            FillDisk(mountPoint);

            // Memory takes the event as soon as the writer applies it; its commit cannot reach the disk, so
            // memory is rebuilt from the file, and the locks handed out before the failure are void.
            var raising = service.SendTaskOrchestrationMessageAsync(Message("kept", new EventRaisedEvent(-1, "\"e\"") { Name = "go" }));
            var error = await Assert.ThrowsAsync<SqliteStorageException>(() => raising.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("is full", error.Message, StringComparison.Ordinal);
            File.Delete(Path.Combine(mountPoint, "filler"));

            await service.CompleteTaskActivityWorkItemAsync(activity!, Message("kept", new TaskCompletedEvent(-1, 0, "\"stale\"")));
            Assert.Equal(1, service.Statistics.DroppedDuplicates);

            var again = await service.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, _noWait, default);
            Assert.Equal("act", ((TaskScheduledEvent)again!.TaskMessage.Event).Name);
            await service.CompleteTaskActivityWorkItemAsync(again, Message("kept", new TaskCompletedEvent(-1, 0, "\"fresh\"")));
            var next = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);

            // The event died with its commit; the activity's result arrived once, from the second delivery.
            var completed = Assert.IsType<TaskCompletedEvent>(Assert.Single(next!.NewMessages).Event);
            Assert.Equal("\"fresh\"", completed.Result);
        });
    }

    [Fact]
    public async Task A_full_disk_fails_the_write_with_a_clear_error_and_keeps_earlier_data()
    {
        await OnSmallDiskAsync(async mountPoint =>
        {
            var path = Path.Combine(mountPoint, "full.db");
            await using (var service = Open(path))
            {
                await service.CreateTaskOrchestrationAsync(Start("kept", "Flow", input: "1"));
                var item = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
                FillDisk(mountPoint);

                var huge = "\"" + new string('z', 1_000_000) + "\"";
                var scheduled = new TaskScheduledEvent(0, "act") { Input = huge };
                // Started together, so they may share a commit: each must learn that it failed.
                var checkpointing = service.CompleteTaskOrchestrationWorkItemAsync(item!, Run(item!, scheduled), Schedule(item!, scheduled), [], [], null!, null!);
                var creating = service.CreateTaskOrchestrationAsync(Start("lost", "Flow", input: huge));
                var checkpoint = await Assert.ThrowsAsync<SqliteStorageException>(() => checkpointing.WaitAsync(TimeSpan.FromSeconds(30)));
                var create = await Assert.ThrowsAsync<SqliteStorageException>(() => creating.WaitAsync(TimeSpan.FromSeconds(30)));

                Assert.Contains("is full", checkpoint.Message, StringComparison.Ordinal);
                Assert.Contains(path, create.Message, StringComparison.Ordinal);

                // The failed checkpoint wrote nothing: no history, no activity, and its message is still there.
                Assert.Empty(service.GetHistory("kept"));
                Assert.Null(await service.LockNextTaskActivityWorkItemAsync(WorkItemSelector.Default, _noWait, default));
                Assert.Null(await service.GetOrchestrationStateAsync("lost", null!));

                File.Delete(Path.Combine(mountPoint, "filler"));
                var retry = await service.LockNextTaskOrchestrationWorkItemAsync(WorkItemSelector.Default, _noWait, default);
                Assert.IsType<ExecutionStartedEvent>(Assert.Single(retry!.NewMessages).Event);
                await service.CompleteTaskOrchestrationWorkItemAsync(retry, Run(retry, new TaskScheduledEvent(0, "act")), Schedule(retry, new TaskScheduledEvent(0, "act")), [], [], null!, null!);
            }

            await using var reopened = Open(path);
            Assert.Equal("1", (await reopened.GetOrchestrationStateAsync("kept", null!)).Input);
            Assert.Single(reopened.GetHistory("kept").OfType<TaskScheduledEvent>());
            Assert.Equal("ok", SqliteStoreTests.Scalar(path, "PRAGMA integrity_check"));
        });
    }

    // A 4 MiB tmpfs for the test, unmounted afterwards whatever happens.
    private async Task OnSmallDiskAsync(Func<string, Task> test)
    {
        var mountPoint = Path.Combine(_folder.Path, "small-disk");
        Directory.CreateDirectory(mountPoint);
        Shell.Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint);
        try
        {
            await test(mountPoint);
        }
        finally
        {
            Shell.Run("umount", mountPoint);
        }
    }

    private static void FillDisk(string mountPoint)
    {
        using var filler = new FileStream(Path.Combine(mountPoint, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        // Big blocks first, then pages, so not even one page of the log can grow any more.
        foreach (var size in new[] { 64 * 1024, 4096 })
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    filler.Write(block);
                }
            }
            catch (IOException)
            {
                // Full at this block size.
            }
        }
    }

    private SqliteOrchestrationService Open(string path) =>
        new(new SqliteOrchestrationServiceOptions { Path = path, BusyTimeout = TimeSpan.FromMilliseconds(200) }, _time);
}
