using System.Diagnostics;

namespace DurableFlows.Emulator.Limits;

/// <summary>The memory and cpu limits of one task, applied to each of its container processes.</summary>
internal abstract class TaskResourceLimits : IDisposable
{
    /// <summary>Changes the start of a container process so the limits hold from its first instruction.</summary>
    public virtual void Prepare(ProcessStartInfo startInfo)
    {
    }

    /// <summary>Follows a started container process (the memory watch polls it).</summary>
    public virtual void Attach(Process process)
    {
    }

    /// <summary>Whether the limits killed a process for its memory since the last call.</summary>
    public abstract bool TakeOomKill();

    /// <summary>Kills what is left of the task's processes (children that outlived the container's main process).</summary>
    public virtual void KillRemaining()
    {
    }

    /// <inheritdoc />
    public abstract void Dispose();
}
