using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator.Limits;

/// <summary>Gives each task its memory and cpu limits, by cgroups or by watching memory.</summary>
internal abstract class ResourceEnforcer
{
    /// <summary>In words, for the start-up log: what is enforced and how.</summary>
    public abstract string Description { get; }

    /// <summary>The mode in force.</summary>
    public abstract ResourceEnforcement Mode { get; }

    /// <summary>The limits of one task; disposing them removes what they created.</summary>
    public abstract TaskResourceLimits ForTask(string taskId, int? cpuUnits, int? memoryMiB);

    /// <summary>Picks the enforcement the options ask for, falling back as <see cref="ResourceEnforcement.Auto"/> says.</summary>
    public static ResourceEnforcer Create(EcsEmulatorOptions options, ILogger logger)
    {
        if (options.Enforcement == ResourceEnforcement.MemoryWatch)
        {
            return new MemoryWatchEnforcer(options.MemoryWatchInterval, logger);
        }

        const string GroupName = "durableflows-ecs";
        var v2 = CgroupEnforcer.TryCreateV2(options.CgroupRoot, GroupName, logger, out var v2Problem);
        if (v2 is not null)
        {
            return v2;
        }

        var v1 = CgroupEnforcer.TryCreateV1(options.CgroupRoot, GroupName, logger, out var v1Problem);
        if (v1 is not null)
        {
            return v1;
        }

        var why = $"cgroup v2: {v2Problem}; cgroup v1: {v1Problem}";
        if (options.Enforcement == ResourceEnforcement.Cgroups)
        {
            throw new InvalidOperationException(
                $"ECS emulator: Enforcement = Cgroups, but no writable cgroup hierarchy was found ({why}). " +
                "Run as root on Linux with /sys/fs/cgroup writable, or use Enforcement = Auto or MemoryWatch.");
        }

        logger.CgroupsUnavailable(why, options.MemoryWatchInterval);
        return new MemoryWatchEnforcer(options.MemoryWatchInterval, logger);
    }
}
