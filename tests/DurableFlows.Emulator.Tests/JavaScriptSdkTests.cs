using System.Diagnostics;
using System.Text.Json;

namespace DurableFlows.Emulator.Tests;

/// <summary>The emulator speaks the real ECS protocol: the official AWS SDK for JavaScript v3 drives it.</summary>
public sealed class JavaScriptSdkTests
{
    [Fact]
    public async Task The_AWS_SDK_for_JavaScript_runs_describes_lists_and_stops_tasks()
    {
        var nodeModules = NodeModules();
        await using var ecs = await LocalEcs.StartAsync();
        var marker = Path.Combine(Path.GetTempPath(), $"sdk-sigterm-{Guid.NewGuid():N}");

        var result = await RunNodeAsync(nodeModules, Path.Combine(AppContext.BaseDirectory, "ecs-sdk-client.cjs"), ecs.Emulator.Address.ToString().TrimEnd('/'), marker);
        var root = result.RootElement;

        Assert.EndsWith(":task-definition/sdk-runner:1", root.GetProperty("taskDefinitionArn").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, root.GetProperty("runFailures").GetArrayLength());
        var taskArn = root.GetProperty("run").GetProperty("taskArn").GetString();
        Assert.StartsWith("arn:aws:ecs:us-east-1:000000000000:task/default/", taskArn, StringComparison.Ordinal);
        Assert.Equal("PROVISIONING", root.GetProperty("run").GetProperty("lastStatus").GetString());
        Assert.True(root.GetProperty("run").GetProperty("createdAtIsDate").GetBoolean(), "the SDK should parse createdAt (epoch seconds) as a Date");
        Assert.Equal(taskArn, root.GetProperty("repeatedTaskArn").GetString());

        var running = root.GetProperty("running");
        Assert.Equal(("512", "1024", "sdk-test"), (running.GetProperty("cpu").GetString(), running.GetProperty("memory").GetString(), running.GetProperty("startedBy").GetString()));
        Assert.Equal("r-7", running.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.Equal("RUN_ID", running.GetProperty("overrideEnv")[0].GetProperty("name").GetString());
        Assert.True(running.GetProperty("startedAtIsDate").GetBoolean());
        Assert.Equal([taskArn], root.GetProperty("listed").EnumerateArray().Select(arn => arn.GetString()));

        Assert.Equal("STOPPED", root.GetProperty("stop").GetProperty("desiredStatus").GetString());
        var stopped = root.GetProperty("stopped");
        Assert.Equal("UserInitiated", stopped.GetProperty("stopCode").GetString());
        Assert.Equal("stopped from the JS SDK", stopped.GetProperty("stoppedReason").GetString());
        Assert.Equal(0, stopped.GetProperty("exitCode").GetInt32());
        Assert.True(stopped.GetProperty("stoppedAtIsDate").GetBoolean());
        Assert.True(stopped.GetProperty("version").GetInt64() >= 5);
        Assert.Equal(0, root.GetProperty("listedAfterStop").GetArrayLength());
        Assert.Equal("term", File.ReadAllText(marker).Trim());
        File.Delete(marker);

        Assert.Equal("MISSING", root.GetProperty("missing")[0].GetProperty("reason").GetString());
        var clusterNotFound = root.GetProperty("clusterNotFound");
        Assert.Equal(("ClusterNotFoundException", "Cluster not found.", 400),
            (clusterNotFound.GetProperty("name").GetString(), clusterNotFound.GetProperty("message").GetString(), clusterNotFound.GetProperty("status").GetInt32()));
        var wrongSecret = root.GetProperty("wrongSecret");
        Assert.Equal(("InvalidSignatureException", 403), (wrongSecret.GetProperty("name").GetString(), wrongSecret.GetProperty("status").GetInt32()));
    }

    private static string NodeModules()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DurableFlows.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, $"No DurableFlows.sln above {AppContext.BaseDirectory}.");
        var nodeModules = Path.Combine(directory.FullName, "tests", "node", "node_modules");
        Assert.True(
            Directory.Exists(Path.Combine(nodeModules, "@aws-sdk", "client-ecs")),
            $"{nodeModules}/@aws-sdk/client-ecs is missing: run `npm ci --prefix tests/node` in {directory.FullName}.");
        return nodeModules;
    }

    private static async Task<JsonDocument> RunNodeAsync(string nodeModules, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NODE_PATH"] = nodeModules;
        using var node = Process.Start(startInfo)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await stderr}");
        return JsonDocument.Parse(await stdout);
    }
}
