using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// moto's AWS server (<c>moto_server</c>, from the Python package moto) as a child process on a free
/// loopback port: a real SQS endpoint that speaks the JSON protocol AWSSDK.SQS uses.
/// </summary>
internal sealed class MotoServer : IAsyncDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<MotoServer> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("moto_server was not found on PATH; install it with `pip install \"moto[server]\"`.", e);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MotoServer(process, new Uri($"http://127.0.0.1:{port}"));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, patience.Token);
                return server;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50, patience.Token);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before listening on port {port}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
