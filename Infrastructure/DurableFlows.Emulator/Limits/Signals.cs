using System.Runtime.InteropServices;

namespace DurableFlows.Emulator.Limits;

/// <summary>POSIX signals; .NET's Process.Kill only sends SIGKILL, and ECS stops with SIGTERM first.</summary>
internal static partial class Signals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends a signal; false when the process is gone.</summary>
    public static bool Send(int pid, int signal) => OperatingSystem.IsWindows() ? false : Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
