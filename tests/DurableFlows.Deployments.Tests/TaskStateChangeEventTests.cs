using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace DurableFlows.Deployments.Tests;

public sealed class TaskStateChangeEventTests
{
    [Fact]
    public void Reads_task_fields_containers_and_the_run_from_the_runner_environment()
    {
        var task = TaskStateChangeEvent.Parse(TaskStateChanges.Stopped(instanceId: "parent-7-run-2", version: 9))!;

        Assert.Equal(TaskStateChanges.TaskArn, task.TaskArn);
        Assert.True(task.IsStopped);
        Assert.Equal(9, task.Version);
        Assert.Equal((512, 1024), (task.Cpu, task.Memory));
        Assert.Equal(["log-router", "runner"], task.Containers.Select(c => c.Name));
        Assert.Equal(("parent-7-run-2", "runner"), task.DeploymentRun);
    }

    [Fact]
    public void Other_events_and_other_tasks_are_not_runs()
    {
        Assert.Null(TaskStateChangeEvent.Parse("""{"detail-type":"ECS Container Instance State Change","detail":{}}"""));
        var unrelated = TaskStateChanges.Stopped().Replace("DURABLEFLOWS_INSTANCE_ID", "SOMETHING_ELSE", StringComparison.Ordinal);
        Assert.Null(TaskStateChangeEvent.Parse(unrelated)!.DeploymentRun);
        Assert.Throws<JsonException>(() => TaskStateChangeEvent.Parse("""{"detail-type":"ECS Task State Change","detail":{}}"""));
    }

    [Fact]
    public void Deduplication_keeps_only_newer_versions_per_task()
    {
        var time = new FakeTimeProvider();
        var seen = new TaskStateChangeDeduplicator(time);

        Assert.True(seen.IsNew("task-a", 2));
        Assert.False(seen.IsNew("task-a", 2));
        Assert.False(seen.IsNew("task-a", 1));
        Assert.True(seen.IsNew("task-b", 1));
        Assert.True(seen.IsNew("task-a", 3));
        Assert.True(seen.IsNew("task-a", null));
    }

    [Fact]
    public void Deduplication_forgets_tasks_after_the_retention()
    {
        var time = new FakeTimeProvider();
        var seen = new TaskStateChangeDeduplicator(time) { Retention = TimeSpan.FromMinutes(10) };
        Assert.True(seen.IsNew("task-a", 5));

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.True(seen.IsNew("task-a", 5));
    }
}
