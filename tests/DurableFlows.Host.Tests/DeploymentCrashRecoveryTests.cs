using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using DurableFlows.Emulator;
using DurableFlows.Deployments.Tests;

namespace DurableFlows.Host.Tests;

/// <summary>
/// <c>Main Flow2</c> with its deployments on an <c>ecs</c> work pool served by the local ECS emulator (in
/// this test process, so it and its runner processes outlive the host), the host a child process on a
/// SQLite file, killed with SIGKILL while the parent waits for a deployment run and restarted.
/// </summary>
public sealed class DeploymentCrashRecoveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durableflows-deploy-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Host_killed_while_waiting_for_deployment_runs_restarts_without_duplicate_tasks_and_completes()
    {
        const string instanceId = "deploy-crash";
        var output = new ConcurrentQueue<string>();
        await using var ecs = new EcsEmulator(new EcsEmulatorOptions { StopTimeout = TimeSpan.FromSeconds(2), ContainerOutput = line => output.Enqueue(line.Line) });
        var ecsAddress = await ecs.StartAsync("http://127.0.0.1:0");
        await RunnerTaskDefinition.RegisterAsync(ecsAddress);
        await File.WriteAllTextAsync(Path.Combine(_folder, "host.json"), EmulatedRunner.HostJson("DeployCrash", ecsAddress, EmulatedRunner.FreeLoopbackPort(), eventsQueueUrl: null));
        var logs = new List<string>();

        // Kill while the parent waits for Sub Flow1's run (its task a is working), then for Sub Flow2's (task b).
        foreach (var killPoint in new[] { $"task A (flow run {instanceId}-run-1)", $"task B (flow run {instanceId}-run-2)" })
        {
            using var host = HostProcess.Start(_folder, ["run", "Main Flow2", "--instance-id", instanceId], EmulatedRunner.Credentials);
            await WaitUntilAsync(() => output.Any(line => line.Contains(killPoint, StringComparison.Ordinal)), host, TimeSpan.FromSeconds(90));
            await host.KillAsync();
            logs.Add(host.Errors);
            Assert.Equal(137, host.Process.ExitCode);
        }

        using var last = HostProcess.Start(_folder, ["run", "Main Flow2", "--instance-id", instanceId], EmulatedRunner.Credentials);
        var exitCode = await last.ExitCodeAsync(TimeSpan.FromSeconds(120));

        logs.Add(last.Errors);
        Assert.True(exitCode == 0, $"the last run exited {exitCode}:\n{string.Join("\n----\n", logs)}\n---- runners:\n{string.Join('\n', output)}");
        using var status = JsonDocument.Parse(last.Output.Trim().Split('\n')[^1]);
        Assert.Equal("Completed", status.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(
            ["Sub Flow1:a,b", "Sub Flow2:b,c", "Sub Flow3:a,c"],
            status.RootElement.GetProperty("output").EnumerateArray().Select(r => $"{r.GetProperty("Flow").GetString()}:{string.Join(',', r.GetProperty("Tasks").EnumerateArray().Select(t => t.GetString()))}"));

        // The runners of the first two runs lived through the kills: they lost the sidecar and found it again.
        Assert.All([1, 2], run => Assert.Contains(output, line => line.Contains($"instance '{instanceId}-run-{run}' goes on", StringComparison.Ordinal)));

        // One ECS task per run (the restarted host's RunTask calls carry the same clientToken), each sized as
        // its deployment says, and each runner rode out the host's absence and exited 0.
        var tasks = await EmulatedRunner.AllTasksAsync(ecsAddress, stopped: 3);
        var launched = string.Join(", ", tasks.Select(t => (t.DeploymentRun!.Value.InstanceId, t.Cpu ?? 0, t.Memory ?? 0, t.Containers.Single().ExitCode ?? -1)).Order());
        Assert.True(
            launched == $"({instanceId}-run-1, 512, 1024, 0), ({instanceId}-run-2, 1024, 2048, 0), ({instanceId}-run-3, 2048, 4096, 0)",
            $"ECS tasks: {launched}\n{string.Join("\n----\n", logs)}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, HostProcess host, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < patience && !host.Process.HasExited, $"the host did not reach the kill point:\n{host.Errors}");
            await Task.Delay(10);
        }
    }
}
