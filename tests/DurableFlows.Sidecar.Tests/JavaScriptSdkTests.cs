using System.Diagnostics;
using System.Text.Json;

namespace DurableFlows.Sidecar.Tests;

/// <summary>Another Durable Task SDK, @microsoft/durabletask-js, is client and worker against our sidecar.</summary>
[Collection(SidecarCollection.Name)]
public sealed class JavaScriptSdkTests(SidecarFixture fixture)
{
    [Fact]
    public async Task The_javascript_sdk_runs_an_orchestration_with_activities_and_an_event()
    {
        var modules = NodeModules();
        var script = Path.Combine(AppContext.BaseDirectory, "node", "conformance.js");
        var queue = "js-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["NODE_PATH"] = modules },
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add($"{fixture.Address.Host}:{fixture.Address.Port}");
        start.ArgumentList.Add(queue);

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await stderr}");

        var line = (await stdout).Trim().Split('\n')[^1];
        using var result = JsonDocument.Parse(line);
        var root = result.RootElement;
        Assert.True(root.GetProperty("runtimeStatus").GetString() == "COMPLETED", $"the instance did not complete: {line}");
        using var output = JsonDocument.Parse(root.GetProperty("output").GetString()!);
        Assert.True(output.RootElement.TryGetProperty("first", out var first), $"the output has no 'first': {line}; stderr: {await stderr}");
        Assert.True(output.RootElement.TryGetProperty("second", out var second), $"the output has no 'second': {line}");
        Assert.Equal("hello js", first.GetString());
        Assert.Equal("HELLO JS, APPROVED BY NODE", second.GetString());
    }

    private static string NodeModules()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DurableFlows.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, $"no DurableFlows.sln above {AppContext.BaseDirectory}");
        var modules = Path.Combine(directory!.FullName, "tests", "node", "node_modules");
        Assert.True(
            Directory.Exists(Path.Combine(modules, "@microsoft", "durabletask-js")),
            $"@microsoft/durabletask-js is not installed in {modules}; run `npm ci --prefix tests/node` first");
        return modules;
    }
}
