using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Emulator.Tests;

public sealed class ResourceLimitTests
{
    private const string OutOfMemory = "OutOfMemoryError: Container killed due to memory usage";

    // dash keeps the whole command substitution in its own memory: ~200 MB against a 32 MiB limit.
    private static readonly string[] _allocate200Mb = ["/bin/sh", "-c", "a=$(head -c 200000000 /dev/zero | tr '\\0' x); echo survived"];

    [Fact]
    public async Task A_task_over_its_memory_is_killed_with_137_and_reported_out_of_memory()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var definition = await ecs.RegisterAsync("hungry", _allocate200Mb, cpu: "256", memory: "512");

        var task = await ecs.RunAsync(definition, new TaskOverride { Memory = "32" });
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped, TimeSpan.FromSeconds(30));

        var container = Assert.Single(stopped.Containers!);
        Assert.Equal(137, container.ExitCode);
        Assert.Equal(OutOfMemory, container.Reason);
        Assert.Equal(EcsStopCode.EssentialContainerExited, stopped.StopCode);
        Assert.Equal(("256", "32"), (stopped.Cpu, stopped.Memory));
        Assert.DoesNotContain(ecs.Output, line => line.Line == "survived");
    }

    [Fact]
    public async Task The_memory_watch_fallback_also_kills_and_reports_out_of_memory()
    {
        await using var ecs = await LocalEcs.StartAsync(new EcsEmulatorOptions
        {
            Enforcement = ResourceEnforcement.MemoryWatch,
            MemoryWatchInterval = TimeSpan.FromMilliseconds(10),
        });
        Assert.Equal(ResourceEnforcement.MemoryWatch, ecs.Emulator.Enforcement);
        var definition = await ecs.RegisterAsync("hungry-watched", _allocate200Mb, memory: "32");

        var task = await ecs.RunAsync(definition);
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped, TimeSpan.FromSeconds(30));

        var container = Assert.Single(stopped.Containers!);
        Assert.Equal(137, container.ExitCode);
        Assert.Equal(OutOfMemory, container.Reason);
        Assert.DoesNotContain(ecs.Output, line => line.Line == "survived");
    }

    [Fact]
    public async Task Task_level_overrides_set_the_recorded_size_and_the_cgroup_limits_which_are_removed_afterwards()
    {
        await using var ecs = await LocalEcs.StartAsync();
        Assert.Equal(ResourceEnforcement.Cgroups, ecs.Emulator.Enforcement);
        var v1 = ecs.Emulator.EnforcementDescription.StartsWith("cgroup v1", StringComparison.Ordinal);
        // The task reads its own limits back from the cgroups it runs in.
        var script = v1
            ? "m=/sys/fs/cgroup/memory$(awk -F: '$2 ~ /(^|,)memory(,|$)/ {print $3}' /proc/self/cgroup); " +
              "c=/sys/fs/cgroup/cpu$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ {print $3}' /proc/self/cgroup); " +
              "echo \"group=$m\"; echo \"memory=$(cat $m/memory.limit_in_bytes)\"; echo \"quota=$(cat $c/cpu.cfs_quota_us) $(cat $c/cpu.cfs_period_us)\""
            : "g=/sys/fs/cgroup$(awk -F: '$1 == \"0\" {print $3}' /proc/self/cgroup); " +
              "echo \"group=$g\"; echo \"memory=$(cat $g/memory.max)\"; echo \"quota=$(cat $g/cpu.max)\"";
        var definition = await ecs.RegisterAsync("sized", ["/bin/sh", "-c", script], cpu: "256", memory: "512");

        var task = await ecs.RunAsync(definition, new TaskOverride { Cpu = "512", Memory = "1024" });
        var stopped = await ecs.WaitForAsync(task.TaskArn!, EcsTaskStatus.Stopped);

        Assert.Equal(("512", "1024"), (stopped.Cpu, stopped.Memory));
        Assert.Equal(0, Assert.Single(stopped.Containers!).ExitCode);
        var lines = ecs.Output.Where(line => line.TaskArn == task.TaskArn).ToDictionary(line => line.Line.Split('=')[0], line => line.Line.Split('=', 2)[1]);
        Assert.Equal((1024L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), lines["memory"]);
        Assert.Equal("50000 100000", lines["quota"]);
        Assert.Contains(task.TaskArn!.Split('/')[^1], lines["group"], StringComparison.Ordinal);
        Assert.False(Directory.Exists(lines["group"]), $"cgroup {lines["group"]} should be removed once the task stopped");
    }
}
