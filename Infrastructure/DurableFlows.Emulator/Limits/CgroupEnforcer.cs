using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator.Limits;

/// <summary>
/// Limits each task with a cgroup: <c>memory.limit_in_bytes</c> / <c>memory.max</c> makes the kernel
/// OOM-kill the task (exit 137), and the cpu units become a CFS quota (1024 units = one core).
/// The groups are made under the emulator's own cgroup, so the tasks stay inside whatever limits the
/// emulator itself runs under.
/// </summary>
internal sealed class CgroupEnforcer : ResourceEnforcer
{
    private const long CfsPeriodMicroseconds = 100_000;

    private readonly bool _v2;
    private readonly string _memoryParent;
    private readonly string _cpuParent;
    private readonly ILogger _logger;

    private CgroupEnforcer(bool v2, string memoryParent, string cpuParent, ILogger logger)
    {
        _v2 = v2;
        _memoryParent = memoryParent;
        _cpuParent = cpuParent;
        _logger = logger;
    }

    public override ResourceEnforcement Mode => ResourceEnforcement.Cgroups;

    public override string Description => _v2
        ? $"cgroup v2 under {_memoryParent} (memory.max, cpu.max)"
        : $"cgroup v1 under {_memoryParent} and {_cpuParent} (memory.limit_in_bytes, cpu.cfs_quota_us)";

    public static CgroupEnforcer? TryCreateV2(string root, string groupName, ILogger logger, out string problem) =>
        TryCreate(() => CreateV2(root, groupName, logger), out problem);

    public static CgroupEnforcer? TryCreateV1(string root, string groupName, ILogger logger, out string problem) =>
        TryCreate(() => CreateV1(root, groupName, logger), out problem);

    private static CgroupEnforcer? TryCreate(Func<CgroupEnforcer> create, out string problem)
    {
        try
        {
            var enforcer = create();
            enforcer.Probe();
            problem = string.Empty;
            return enforcer;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static CgroupEnforcer CreateV2(string root, string groupName, ILogger logger)
    {
        var controllers = Path.Combine(root, "cgroup.controllers");
        if (!File.Exists(controllers))
        {
            throw new FileNotFoundException($"{controllers} does not exist (no unified hierarchy at {root})", controllers);
        }

        var available = File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!available.Contains("memory") || !available.Contains("cpu"))
        {
            throw new IOException($"{controllers} lists '{string.Join(' ', available)}', without both memory and cpu");
        }

        var parent = Path.Combine(root + OwnGroup(controller: null), groupName);
        Directory.CreateDirectory(parent);
        File.WriteAllText(Path.Combine(parent, "..", "cgroup.subtree_control"), "+memory +cpu");
        File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +cpu");
        return new CgroupEnforcer(v2: true, parent, parent, logger);
    }

    private static CgroupEnforcer CreateV1(string root, string groupName, ILogger logger)
    {
        var memory = Path.Combine(root, "memory");
        var cpu = Path.Combine(root, "cpu");
        if (!File.Exists(Path.Combine(memory, "memory.limit_in_bytes")) || !File.Exists(Path.Combine(cpu, "cpu.cfs_quota_us")))
        {
            throw new FileNotFoundException($"{memory}/memory.limit_in_bytes or {cpu}/cpu.cfs_quota_us does not exist");
        }

        var memoryParent = Path.Combine(memory + OwnGroup("memory"), groupName);
        var cpuParent = Path.Combine(cpu + OwnGroup("cpu"), groupName);
        Directory.CreateDirectory(memoryParent);
        Directory.CreateDirectory(cpuParent);
        return new CgroupEnforcer(v2: false, memoryParent, cpuParent, logger);
    }

    public override TaskResourceLimits ForTask(string taskId, int? cpuUnits, int? memoryMiB)
    {
        var memoryGroup = Path.Combine(_memoryParent, taskId);
        var cpuGroup = Path.Combine(_cpuParent, taskId);
        var groups = new CgroupTaskLimits(this, memoryGroup, cpuGroup);
        try
        {
            Directory.CreateDirectory(memoryGroup);
            Directory.CreateDirectory(cpuGroup);
            if (memoryMiB is { } mib)
            {
                var bytes = (mib * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);
                File.WriteAllText(Path.Combine(memoryGroup, _v2 ? "memory.max" : "memory.limit_in_bytes"), bytes);
                if (_v2)
                {
                    // Without this, a v2 group over its limit swaps instead of being OOM-killed, where swap exists.
                    TryWrite(Path.Combine(memoryGroup, "memory.swap.max"), "0");
                }
            }

            if (cpuUnits is { } units)
            {
                var quota = Math.Max(1000, units * CfsPeriodMicroseconds / 1024).ToString(CultureInfo.InvariantCulture);
                if (_v2)
                {
                    File.WriteAllText(Path.Combine(cpuGroup, "cpu.max"), $"{quota} {CfsPeriodMicroseconds}");
                }
                else
                {
                    File.WriteAllText(Path.Combine(cpuGroup, "cpu.cfs_period_us"), CfsPeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
                    File.WriteAllText(Path.Combine(cpuGroup, "cpu.cfs_quota_us"), quota);
                }
            }

            return groups;
        }
        catch
        {
            groups.Dispose();
            throw;
        }
    }

    // The group this process is in, for one v1 controller or (null) the v2 hierarchy: "/a/b" or "".
    private static string OwnGroup(string? controller)
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var matches = controller is null ? parts[1].Length == 0 : parts[1].Split(',').Contains(controller);
            if (matches)
            {
                return parts[2] == "/" ? string.Empty : parts[2];
            }
        }

        return string.Empty;
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (IOException)
        {
            // The file is optional (memory.swap.max exists only with swap accounting).
        }
    }

    private void Probe()
    {
        using var probe = ForTask($"probe-{Environment.ProcessId}-{Guid.NewGuid():N}", cpuUnits: 512, memoryMiB: 64);
    }

    private sealed class CgroupTaskLimits(CgroupEnforcer owner, string memoryGroup, string cpuGroup) : TaskResourceLimits
    {
        private long _oomKillsSeen;

        public override void Prepare(ProcessStartInfo startInfo)
        {
            // The shell joins the groups, then execs the command: the command's first allocation is already counted.
            var command = startInfo.FileName;
            var arguments = startInfo.ArgumentList.ToList();
            startInfo.FileName = "/bin/sh";
            startInfo.ArgumentList.Clear();
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(
                "for g in $DURABLEFLOWS_CGROUPS; do echo $$ > \"$g/cgroup.procs\" || exit 125; done; unset DURABLEFLOWS_CGROUPS; exec \"$@\"");
            startInfo.ArgumentList.Add("durableflows-task");
            startInfo.ArgumentList.Add(command);
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            startInfo.Environment["DURABLEFLOWS_CGROUPS"] = memoryGroup == cpuGroup ? memoryGroup : $"{memoryGroup} {cpuGroup}";
        }

        public override bool TakeOomKill()
        {
            var kills = ReadOomKills();
            if (kills <= _oomKillsSeen)
            {
                return false;
            }

            _oomKillsSeen = kills;
            return true;
        }

        public override void KillRemaining()
        {
            foreach (var group in new[] { memoryGroup, cpuGroup }.Distinct())
            {
                foreach (var pid in ReadPids(group))
                {
                    Signals.Send(pid, Signals.SigKill);
                }
            }
        }

        public override void Dispose()
        {
            foreach (var group in new[] { memoryGroup, cpuGroup }.Distinct())
            {
                RemoveGroup(group);
            }
        }

        private long ReadOomKills()
        {
            // v1: memory.oom_control has "oom_kill N"; v2: memory.events has "oom_kill N".
            var file = Path.Combine(memoryGroup, owner._v2 ? "memory.events" : "memory.oom_control");
            try
            {
                foreach (var line in File.ReadLines(file))
                {
                    if (line.StartsWith("oom_kill ", StringComparison.Ordinal))
                    {
                        return long.Parse(line.AsSpan(9), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                return 0;
            }

            return 0;
        }

        private static List<int> ReadPids(string group)
        {
            try
            {
                return File.ReadAllLines(Path.Combine(group, "cgroup.procs"))
                    .Where(line => line.Length > 0)
                    .Select(line => int.Parse(line, CultureInfo.InvariantCulture))
                    .ToList();
            }
            catch (IOException)
            {
                return [];
            }
        }

        private void RemoveGroup(string group)
        {
            if (!Directory.Exists(group))
            {
                return;
            }

            // A killed process leaves its group a moment after its parent saw it exit.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    Directory.Delete(group);
                    return;
                }
                catch (IOException) when (attempt < 50)
                {
                    Thread.Sleep(10);
                }
                catch (IOException ex)
                {
                    owner._logger.CgroupNotRemoved(group, ex.Message);
                    return;
                }
            }
        }
    }
}
