using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DurableFlows.Host.Tests;

/// <summary>Runs the <c>durableflows</c> command as a child process and collects what it printed.</summary>
internal static class DurableFlowsProcess
{
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan patience, params string[] arguments)
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

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var wait = new CancellationTokenSource(patience))
        {
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"durableflows {string.Join(' ', arguments)} did not finish within {patience}: {errors}");
            }
        }

        process.WaitForExit();
        lock (output)
        {
            lock (errors)
            {
                return (process.ExitCode, output.ToString(), errors.ToString());
            }
        }
    }

    /// <summary>A loopback port that was free a moment ago, for servers whose address must be known in advance.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is not null)
        {
            lock (target)
            {
                target.AppendLine(line);
            }
        }
    }
}
