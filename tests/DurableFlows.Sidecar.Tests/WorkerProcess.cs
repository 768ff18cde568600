using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace DurableFlows.Sidecar.Tests;

/// <summary>A <c>DurableFlows.Sidecar.TestWorker</c> child process: a worker the tests can watch and kill.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts a worker process on <paramref name="queue"/> whose activities take <paramref name="activityDelay"/>,
    /// at most <paramref name="maxActivities"/> at a time.
    /// </summary>
    public static async Task<WorkerProcess> StartAsync(Uri sidecar, string workerId, string queue, TimeSpan activityDelay, int maxActivities = 10)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DurableFlows.Sidecar.TestWorker.dll");
        Assert.True(File.Exists(dll), $"the test worker is not built next to the tests: {dll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, sidecar.ToString(), workerId, queue, ((int)activityDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), maxActivities.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        await worker.WaitForLineAsync("worker-started");
        return worker;
    }

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Waits for a stdout line that starts with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(Eventually.Patience);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"worker process {_process.Id} printed no line starting with '{prefix}' within {Eventually.Patience.TotalSeconds} s (exited: {_process.HasExited})");
            throw;
        }
    }

    /// <summary>Kills the process with SIGKILL: no shutdown, no goodbye to the sidecar.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Asks the process to stop (end of stdin), and kills it if it does not.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
