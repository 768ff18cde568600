using System.Runtime.InteropServices;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Activities;

/// <summary>
/// Task <c>allocate</c>: holds the given MiB of native memory for a moment, the way a training step holds
/// its tensors. A deployment whose memory is smaller is killed by the kernel, which is what the OOM
/// classification of crashed runs is shown with. Native memory, because the .NET GC would refuse a
/// managed array past its container-derived heap limit with an exception instead.
/// </summary>
[DurableTask(Name)]
public sealed partial class AllocateMemory(ILogger<AllocateMemory> logger, TimeProvider timeProvider) : TaskActivity<int, string>
{
    /// <summary>The activity name flows call.</summary>
    public const string Name = "allocate";

    private const int PageSize = 4096;

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(input);
        LogAllocating(logger, input, context.InstanceId);
        var bytes = (long)input * 1024 * 1024;
        var block = Marshal.AllocHGlobal((nint)bytes);
        try
        {
            // Pages count against the memory limit only once written.
            for (long offset = 0; offset < bytes; offset += PageSize)
            {
                Marshal.WriteByte(block + (nint)offset, 1);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider).ConfigureAwait(false);
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }

        return Name;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "task allocate: {MiB} MiB (flow run {InstanceId})")]
    private static partial void LogAllocating(ILogger logger, int miB, string instanceId);
}
