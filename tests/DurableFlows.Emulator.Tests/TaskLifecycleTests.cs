using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Emulator.Tests;

public sealed class TaskLifecycleTests
{
    [Fact]
    public async Task An_exiting_essential_container_stops_the_task_with_its_exit_code()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var definition = await ecs.RegisterAsync("exit-three", ["/bin/sh", "-c", "echo hi; exit 3"]);

        var started = await ecs.RunAsync(definition);
        Assert.Equal(EcsTaskStatus.Provisioning, started.LastStatus);
        Assert.Equal(EcsTaskStatus.Running, started.DesiredStatus);
        var stopped = await ecs.WaitForAsync(started.TaskArn!, EcsTaskStatus.Stopped);

        Assert.Equal(EcsStopCode.EssentialContainerExited, stopped.StopCode);
        Assert.Equal("Essential container in task exited", stopped.StoppedReason);
        var container = Assert.Single(stopped.Containers!);
        Assert.Equal(3, container.ExitCode);
        Assert.Null(container.Reason);
        Assert.Equal("example.com/durableflows/runner:1", container.Image);
        Assert.Equal(EcsTaskStatus.Stopped, container.LastStatus);
        Assert.Equal("family:exit-three", stopped.Group);
        Assert.True(stopped.CreatedAt <= stopped.PullStartedAt && stopped.PullStartedAt <= stopped.StartedAt);
        Assert.True(stopped.StartedAt <= stopped.StoppingAt && stopped.StoppingAt <= stopped.StoppedAt);
        Assert.NotNull(stopped.ExecutionStoppedAt);
        Assert.Contains(ecs.Output, line => line.Line == "hi" && line.Container == "runner" && line.TaskArn == started.TaskArn);
    }

    [Fact]
    public async Task Each_change_is_an_EventBridge_task_state_change_with_a_rising_version()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var definition = await ecs.RegisterAsync("events", ["/bin/sh", "-c", "exit 0"]);

        var task = await ecs.RunAsync(definition, new TaskOverride { Cpu = "512", Memory = "1024" });
        var events = new List<EcsTaskStateChangeEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var change in ecs.Events.Events.ReadAllAsync(timeout.Token))
        {
            // What an SQS consumer would get: the JSON body, parsed back.
            events.Add(EcsTaskStateChangeEvent.Parse(change.ToJson()));
            if (change.Detail!.LastStatus == EcsTaskStatus.Stopped)
            {
                break;
            }
        }

        Assert.Equal(
            [EcsTaskStatus.Provisioning, EcsTaskStatus.Pending, EcsTaskStatus.Running, EcsTaskStatus.Stopped],
            events.Select(change => change.Detail!.LastStatus));
        Assert.Equal(events.Select(change => change.Detail!.Version).Order(), events.Select(change => change.Detail!.Version));
        Assert.Equal(events.Count, events.Select(change => change.Detail!.Version).Distinct().Count());
        var last = events[^1];
        Assert.Equal("0", last.Version);
        Assert.Equal("ECS Task State Change", last.DetailType);
        Assert.Equal("aws.ecs", last.Source);
        Assert.Equal([task.TaskArn!], last.Resources);
        Assert.Equal(EcsStopCode.EssentialContainerExited, last.Detail!.StopCode);
        Assert.Equal(0, Assert.Single(last.Detail.Containers!).ExitCode);
        Assert.Equal(("512", "1024"), (last.Detail.Cpu, last.Detail.Memory));
        Assert.Equal("1024", last.Detail.Overrides!.Memory);
        Assert.Equal(task.ClusterArn, last.Detail.ClusterArn);
        Assert.Equal(task.TaskDefinitionArn, last.Detail.TaskDefinitionArn);
        Assert.Equal((await ecs.DescribeAsync(task.TaskArn!)).Version, last.Detail.Version);

        // EventBridge writes ISO 8601 timestamps, where the API writes epoch seconds.
        Assert.Contains("\"detail-type\":\"ECS Task State Change\"", last.ToJson(), StringComparison.Ordinal);
        Assert.Matches("\"stoppedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"", last.ToJson());
    }

    [Fact]
    public async Task StopTask_sends_SIGTERM_and_reports_UserInitiated()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var marker = Path.Combine(Path.GetTempPath(), $"sigterm-{Guid.NewGuid():N}");
        var definition = await ecs.RegisterAsync(
            "graceful",
            ["/bin/sh", "-c", $"trap 'echo term > {marker}; exit 0' TERM; echo ready; while true; do sleep 0.02; done"]);
        var task = await ecs.RunAsync(definition);
        await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Running);
        await WaitUntilAsync(() => ecs.Output.Any(line => line.Line == "ready"));

        var stopping = (await ecs.Client.StopTaskAsync(new StopTaskRequest { Task = task.TaskArn!, Reason = "cancelled by the parent run" })).Task!;
        Assert.Equal(EcsTaskStatus.Stopped, stopping.DesiredStatus);
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped);

        Assert.Equal(EcsStopCode.UserInitiated, stopped.StopCode);
        Assert.Equal("cancelled by the parent run", stopped.StoppedReason);
        Assert.Equal(0, Assert.Single(stopped.Containers!).ExitCode);
        Assert.Equal("term", File.ReadAllText(marker).Trim());
        File.Delete(marker);
    }

    [Fact]
    public async Task StopTask_kills_a_container_that_ignores_SIGTERM_after_its_stop_timeout()
    {
        await using var ecs = await LocalEcs.StartAsync(new EcsEmulatorOptions { StopTimeout = TimeSpan.FromMilliseconds(300) });
        var definition = await ecs.RegisterAsync("stubborn", ["/bin/sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.02; done"]);
        var task = await ecs.RunAsync(definition);
        await WaitUntilAsync(() => ecs.Output.Any(line => line.Line == "ready"));

        await ecs.Client.StopTaskAsync(new StopTaskRequest { Task = task.TaskArn! });
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped);

        Assert.Equal(EcsStopCode.UserInitiated, stopped.StopCode);
        Assert.Equal("Task stopped by user", stopped.StoppedReason);
        var container = Assert.Single(stopped.Containers!);
        Assert.Equal(137, container.ExitCode);
        Assert.Null(container.Reason);
        Assert.True(stopped.StoppedAt - stopped.StoppingAt >= TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task A_command_that_does_not_exist_fails_to_start()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var definition = await ecs.RegisterAsync("missing", ["no-such-command-anywhere", "--flag"]);

        var task = await ecs.RunAsync(definition);
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped);

        Assert.Equal(EcsStopCode.TaskFailedToStart, stopped.StopCode);
        Assert.StartsWith("CannotStartContainerError:", stopped.StoppedReason, StringComparison.Ordinal);
        var container = Assert.Single(stopped.Containers!);
        Assert.Null(container.ExitCode);
        Assert.Contains("\"no-such-command-anywhere\": executable file not found in $PATH", container.Reason, StringComparison.Ordinal);
        Assert.Null(stopped.StartedAt);
    }

    [Fact]
    public async Task A_repeated_client_token_returns_the_first_task_and_starts_no_second_process()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var runs = Path.Combine(Path.GetTempPath(), $"runs-{Guid.NewGuid():N}");
        var definition = await ecs.RegisterAsync("once", ["/bin/sh", "-c", $"echo run >> {runs}"]);
        var overrides = new TaskOverride { ContainerOverrides = [new ContainerOverride { Name = "runner", Environment = [new() { Name = "RUN_ID", Value = "r-1" }] }] };

        var first = await ecs.RunAsync(definition, overrides, clientToken: "parent-1:0");
        await ecs.WaitForAsync(first.TaskArn!, EcsTaskStatus.Stopped);
        var second = await ecs.RunAsync(definition, overrides, clientToken: "parent-1:0");

        Assert.Equal(first.TaskArn, second.TaskArn);
        Assert.Equal(EcsTaskStatus.Stopped, second.LastStatus);
        Assert.Equal(["run"], File.ReadAllLines(runs));
        var stopped = await ecs.Client.ListTasksAsync(new ListTasksRequest { DesiredStatus = EcsTaskStatus.Stopped });
        Assert.Equal([first.TaskArn!], stopped.TaskArns);

        var conflict = await Assert.ThrowsAsync<EcsException>(() => ecs.RunAsync(definition, new TaskOverride { Cpu = "512" }, clientToken: "parent-1:0"));
        Assert.Equal(EcsErrorCode.ConflictException, conflict.ErrorCode);
        Assert.Contains("parent-1:0", conflict.ErrorMessage, StringComparison.Ordinal);
        File.Delete(runs);
    }

    [Fact]
    public async Task Overrides_reach_the_process_environment_and_command()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var definition = await ecs.RegisterAsync("env", ["/bin/sh", "-c", "echo default"]);

        var task = await ecs.RunAsync(definition, new TaskOverride
        {
            ContainerOverrides =
            [
                new ContainerOverride
                {
                    Name = "runner",
                    Command = ["/bin/sh", "-c", "echo \"queue=$DURABLEFLOWS_QUEUE\""],
                    Environment = [new() { Name = "DURABLEFLOWS_QUEUE", Value = "run-42" }],
                },
            ],
        });
        await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped);

        var lines = ecs.Output.Where(line => line.TaskArn == task.TaskArn).Select(line => line.Line).ToList();
        Assert.Equal(["queue=run-42"], lines);
    }

    [Fact]
    public async Task ListTasks_filters_by_desired_status_and_startedBy_and_pages()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var sleeper = await ecs.RegisterAsync("sleeper", ["/bin/sh", "-c", "while true; do sleep 0.05; done"]);
        var arns = new List<string>();
        foreach (var owner in new[] { "run-a", "run-a", "run-b" })
        {
            var response = await ecs.Client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "sleeper", StartedBy = owner });
            arns.Add(Assert.Single(response.Tasks).TaskArn!);
        }

        var firstPage = await ecs.Client.ListTasksAsync(new ListTasksRequest { StartedBy = "run-a", MaxResults = 1 });
        var secondPage = await ecs.Client.ListTasksAsync(new ListTasksRequest { StartedBy = "run-a", MaxResults = 1, NextToken = firstPage.NextToken });
        Assert.Equal([arns[0]], firstPage.TaskArns);
        Assert.Equal([arns[1]], secondPage.TaskArns);
        Assert.Null(secondPage.NextToken);

        await ecs.Client.StopTaskAsync(new StopTaskRequest { Task = arns[2] });
        var running = await ecs.Client.ListTasksAsync(new ListTasksRequest { Family = "sleeper" });
        var stopped = await ecs.Client.ListTasksAsync(new ListTasksRequest { DesiredStatus = EcsTaskStatus.Stopped });
        Assert.Equal(arns[..2], running.TaskArns);
        Assert.Equal([arns[2]], stopped.TaskArns);
        Assert.Equal(sleeper, (await ecs.DescribeAsync(arns[0])).TaskDefinitionArn);
    }

    [Fact]
    public async Task When_the_essential_container_exits_a_sidecar_is_stopped_and_each_container_keeps_its_own_exit()
    {
        await using var ecs = await LocalEcs.StartAsync();
        await ecs.Client.RegisterTaskDefinitionAsync(new RegisterTaskDefinitionRequest
        {
            Family = "with-sidecar",
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions =
            [
                new ContainerDefinition { Name = "sidecar", Image = "proxy:1", Essential = false, Command = ["/bin/sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.02; done"] },
                new ContainerDefinition { Name = "runner", Image = "runner:1", Command = ["/bin/sh", "-c", "sleep 0.2; exit 1"] },
            ],
        });

        var task = await ecs.RunAsync("with-sidecar");
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped);

        Assert.Equal(EcsStopCode.EssentialContainerExited, stopped.StopCode);
        var exits = stopped.Containers!.ToDictionary(container => container.Name!, container => container.ExitCode);
        Assert.Equal(1, exits["runner"]);
        Assert.Equal(143, exits["sidecar"]);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 15 s.");
            await Task.Delay(10);
        }
    }
}
