using System.Globalization;
using System.Net.Sockets;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Deployments.Tests;

namespace DurableFlows.Host.Tests;

/// <summary>
/// <c>durableflows ecs-emulator</c> as a process: it serves the ECS API on the address it is given, runs a
/// task's command as a local process, and on SIGTERM or Ctrl-C (SIGINT) stops that process and exits 0.
/// </summary>
public sealed class EcsEmulatorCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durableflows-ecs-emulator-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serves_ECS_runs_a_task_process_and_on_a_signal_stops_it_and_exits_0(string signal)
    {
        var port = EmulatedRunner.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var emulator = HostProcess.Start(
            _folder,
            ["ecs-emulator", "--address", address.ToString()],
            onErrorLine: line =>
            {
                if (line.StartsWith("durableflows ecs-emulator listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult(line);
                }
            });
        var banner = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith($"durableflows ecs-emulator listening on {address} (", banner, StringComparison.Ordinal);

        using var ecs = RunnerTaskDefinition.EmulatorClient(address);
        var pidFile = Path.Combine(_folder, "task.pid");
        await RunnerTaskDefinition.RegisterAsync(address, ["sh", "-c", $"echo $$ > '{pidFile}'; exec sleep 120"]);
        var run = await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "durableflows-runner", LaunchType = "FARGATE", ClientToken = "command-test" });
        var taskArn = Assert.Single(run.Tasks).TaskArn!;
        var taskPid = await TaskPidAsync(ecs, taskArn, pidFile);
        Assert.False(HasExited(taskPid));

        emulator.Signal(signal);
        var exitCode = await emulator.ExitCodeAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, $"ecs-emulator exited {exitCode}:\n{emulator.Errors}");
        Assert.DoesNotContain("Exception", emulator.Errors, StringComparison.Ordinal);
        Assert.True(HasExited(taskPid), $"the task's process {taskPid} outlived the emulator");
        await Assert.ThrowsAnyAsync<SocketException>(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
        });
    }

    // Waits until the task is RUNNING and its command has written its process id.
    private static async Task<int> TaskPidAsync(EcsClient ecs, string taskArn, string pidFile)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = (await ecs.DescribeTasksAsync(new DescribeTasksRequest { Tasks = [taskArn] }, patience.Token)).Tasks.Single();
            if (task.LastStatus == EcsTaskStatus.Running && File.Exists(pidFile)
                && int.TryParse((await File.ReadAllTextAsync(pidFile, patience.Token)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(50, patience.Token);
        }
    }

    // A process that exited is gone from /proc, or a zombie waiting for its parent (which has exited too).
    private static bool HasExited(int pid)
    {
        var status = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "status");
        return !File.Exists(status) || File.ReadLines(status).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
    }
}
