using System.Diagnostics;
using System.Text;

namespace DurableFlows.Host.Tests;

/// <summary>
/// <c>dotnet durableflows.dll ...</c> as a child process, with its standard output and error collected
/// line by line (and each error line passed to a callback, for tests that wait for a step).
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private HostProcess(Process process) => Process = process;

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts <c>durableflows</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static HostProcess Start(
        string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onErrorLine = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "durableflows.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var host = new HostProcess(Process.Start(start)!);
        host.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (host._errors)
            {
                host._errors.AppendLine(e.Data);
            }

            onErrorLine?.Invoke(e.Data);
        };
        host.Process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (host._output)
            {
                host._output.AppendLine(e.Data);
            }
        };
        host.Process.BeginErrorReadLine();
        host.Process.BeginOutputReadLine();
        return host;
    }

    /// <summary>Waits for the process to exit by itself; fails the test with its output if it takes longer than <paramref name="patience"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"durableflows did not exit within {patience}:\n{Errors}");
        }

        return Process.ExitCode;
    }

    /// <summary>Runs <c>durableflows</c> to its end; throws <see cref="TimeoutException"/> (after killing it) if it takes longer than <paramref name="patience"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan patience, params string[] arguments)
    {
        using var host = Start(workingDirectory, arguments, environment);
        using (var wait = new CancellationTokenSource(patience))
        {
            try
            {
                await host.Process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                await host.KillAsync();
                throw new TimeoutException($"durableflows {string.Join(' ', arguments)} did not finish within {patience}: {host.Errors}");
            }
        }

        // The parameterless wait also drains the redirected output.
        host.Process.WaitForExit();
        return (host.Process.ExitCode, host.Output, host.Errors);
    }

    /// <summary>Sends a signal (<c>INT</c>, <c>TERM</c>, ...) as a terminal or an orchestrator would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Kills the process tree with SIGKILL and waits for it.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
