namespace DurableFlows.Emulator;

/// <summary>How the emulator holds tasks to their memory and cpu.</summary>
public enum ResourceEnforcement
{
    /// <summary>Cgroups v2, else v1, else <see cref="MemoryWatch"/>; the choice is logged at start-up.</summary>
    Auto,

    /// <summary>Cgroups only; start-up fails where they are not writable.</summary>
    Cgroups,

    /// <summary>
    /// Poll each task's resident memory and kill it past its limit. The cpu is not limited; used where
    /// cgroups are not writable (not root, macOS, a locked-down container).
    /// </summary>
    MemoryWatch,
}
