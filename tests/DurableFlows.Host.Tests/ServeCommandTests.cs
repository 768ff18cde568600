using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DurableFlows.Host.Tests;

/// <summary>
/// <c>durableflows serve</c> as a user runs it: a child process on a SQLite file, started over HTTP,
/// stopped with Ctrl-C (SIGINT), and started again on the same file.
/// </summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durableflows-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_starts_a_flow_over_http_stops_on_ctrl_c_and_keeps_the_instance_for_the_next_start()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "host.json"), """
            {
              "version": "2.0",
              "extensions": { "durableTask": { "hubName": "Serve", "storageProvider": { "type": "sqlite", "path": "serve.db" } } },
              "durableFlows": { "sidecar": { "address": "http://127.0.0.1:0" } }
            }
            """);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        string statusUri;
        using (var first = await ServeAsync())
        {
            using var started = await http.PostAsJsonAsync(new Uri(first.BaseAddress, "api/orchestrators/Sub%20Flow1/serve-1"), new { });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            using (var body = JsonDocument.Parse(await started.Content.ReadAsStringAsync()))
            {
                Assert.Equal("serve-1", body.RootElement.GetProperty("id").GetString());
                statusUri = body.RootElement.GetProperty("statusQueryGetUri").GetString()!;
            }

            var done = await PollUntilDoneAsync(http, statusUri);
            Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());

            var exitCode = await first.InterruptAsync();
            Assert.True(exitCode == 0, $"serve exited {exitCode} after Ctrl-C:\n{first.Errors}");
        }

        // The status URI names the first server's port; ask the second one by path.
        using var second = await ServeAsync();
        using var again = await http.GetAsync(new Uri(second.BaseAddress, new Uri(statusUri).PathAndQuery.TrimStart('/')));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var kept = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal("Completed", kept.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(0, await second.InterruptAsync());
    }

    private static async Task<JsonElement> PollUntilDoneAsync(HttpClient http, string statusUri)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(new Uri(statusUri));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return document.RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the flow did not finish within a minute");
            await Task.Delay(100);
        }
    }

    private async Task<Serving> ServeAsync()
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = HostProcess.Start(
            _folder,
            ["serve", "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["Pipeline__TaskSeconds"] = "0.05" },
            line =>
            {
                if (Listening().Match(line) is { Success: true } m)
                {
                    listening.TrySetResult(new Uri(m.Groups[1].Value + "/"));
                }
            });
        var exited = host.Process.WaitForExitAsync();
        if (await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != listening.Task)
        {
            var why = exited.IsCompleted ? "serve exited before it listened" : "serve did not listen within 60 s";
            host.Dispose();
            throw new InvalidOperationException(why + ":\n" + host.Errors);
        }

        return new Serving(host, await listening.Task);
    }

    [GeneratedRegex(@"HTTP API on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    private sealed class Serving(HostProcess host, Uri baseAddress) : IDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public string Errors => host.Errors;

        /// <summary>Sends SIGINT, as Ctrl-C in a terminal does, and returns the exit code.</summary>
        public Task<int> InterruptAsync()
        {
            host.Signal("INT");
            return host.ExitCodeAsync(TimeSpan.FromSeconds(30));
        }

        public void Dispose() => host.Dispose();
    }
}
