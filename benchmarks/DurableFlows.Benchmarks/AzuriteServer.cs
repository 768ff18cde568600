using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DurableFlows.Benchmarks;

/// <summary>
/// Azurite, the Azure Storage emulator, started from <c>benchmarks/node</c> on free loopback ports with
/// in-memory persistence, in a temporary working folder. Disposing it stops the process and removes the folder.
/// </summary>
internal sealed partial class AzuriteServer : IAsyncDisposable
{
    // Azurite's well-known development account (public; it is the same in every Azurite install).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _folder;

    private AzuriteServer(Process process, string folder, IReadOnlyDictionary<string, Uri> endpoints)
    {
        _process = process;
        _folder = folder;
        ConnectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};BlobEndpoint={endpoints["Blob"]}{Account};QueueEndpoint={endpoints["Queue"]}{Account};TableEndpoint={endpoints["Table"]}{Account};");
    }

    /// <summary>Gets the connection string of the development account at the ports Azurite listens on.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the process id of Azurite's node process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts Azurite and waits until its blob, queue and table services listen.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken)
    {
        var script = FindScript();
        var folder = Path.Combine(Path.GetTempPath(), $"durableflows-azurite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script, "--blobHost", "127.0.0.1", "--blobPort", "0", "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
            "--silent", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var endpoints = new Dictionary<string, Uri>();
        var output = new List<string>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Read(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (endpoints)
            {
                output.Add(e.Data);
                var match = ListeningLine().Match(e.Data);
                if (match.Success)
                {
                    endpoints[match.Groups["service"].Value] = new Uri(match.Groups["url"].Value.TrimEnd('/') + "/");
                    if (endpoints.Count == 3)
                    {
                        listening.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"Azurite ({script}) exited with code {process.ExitCode} before listening; it printed: {string.Join(" | ", output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(process, folder).ConfigureAwait(false);
            throw;
        }

        lock (endpoints)
        {
            return new AzuriteServer(process, folder, endpoints);
        }
    }

    /// <summary>Stops Azurite and removes its working folder.</summary>
    public ValueTask DisposeAsync() => StopAsync(_process, _folder);

    private static async ValueTask StopAsync(Process process, string folder)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    // The azurite entry point under benchmarks/node, found by walking up from the program's folder.
    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "benchmarks", "node", "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException(
            $"Azurite is not installed: no benchmarks/node/node_modules/azurite/dist/src/azurite.js above {AppContext.BaseDirectory}. Run `npm ci --prefix benchmarks/node` in the repository.");
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>\S+)")]
    private static partial Regex ListeningLine();
}
