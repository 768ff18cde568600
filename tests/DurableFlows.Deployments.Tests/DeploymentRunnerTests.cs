using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Deployments.Tests;

public sealed class DeploymentRunnerTests
{
    private static DeploymentRunnerEnvironment Environment(string instanceId) => DeploymentRunnerEnvironment.Read(new Dictionary<string, string>
    {
        [DeploymentRunnerEnvironment.SidecarAddressVariable] = "http://127.0.0.1:4001",
        [DeploymentRunnerEnvironment.QueueVariable] = "run-" + instanceId,
        [DeploymentRunnerEnvironment.RunTokenVariable] = "token",
        [DeploymentRunnerEnvironment.InstanceIdVariable] = instanceId,
        [DeploymentRunnerEnvironment.FlowVariable] = "Child",
    }.GetValueOrDefault);

    private sealed class Connection : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<(int ExitCode, bool Disposed)> RunAsync(string instanceId, Func<TaskOrchestrationContext, Task<string>> child, TimeSpan? stopAfter = null)
    {
        await using var host = await DurableTaskTestHost.StartAsync(tasks => tasks.AddOrchestratorFunc<object?, string>("Child", (context, _) => child(context)));
        if (instanceId != "missing")
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync("Child", new StartOrchestrationOptions(instanceId));
        }

        using var stop = new CancellationTokenSource();
        if (stopAfter is { } delay)
        {
            stop.CancelAfter(delay);
        }

        var connection = new Connection();
        var runner = new DeploymentRunner(TimeProvider.System, NullLogger<DeploymentRunner>.Instance) { PollInterval = TimeSpan.FromMilliseconds(20) };
        var exit = await runner.RunAsync(
            Environment(instanceId),
            (environment, _) => Task.FromResult(new DeploymentRunnerWorker(host.Client, connection)),
            stop.Token);
        return (exit, connection.Disposed);
    }

    [Fact]
    public async Task Exits_0_when_the_child_completes_and_stops_its_worker()
    {
        var (exit, disposed) = await RunAsync("c1", _ => Task.FromResult("done"));

        Assert.Equal((0, true), (exit, disposed));
    }

    [Fact]
    public async Task Exits_1_when_the_child_fails()
    {
        var (exit, _) = await RunAsync("c2", _ => throw new InvalidOperationException("task b broke"));

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Exits_1_for_an_instance_the_sidecar_does_not_know()
    {
        var (exit, _) = await RunAsync("missing", _ => Task.FromResult("never"));

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Exits_1_when_stopped_before_the_child_is_final()
    {
        var (exit, disposed) = await RunAsync("c4", context => context.WaitForExternalEvent<string>("never"), stopAfter: TimeSpan.FromMilliseconds(300));

        Assert.Equal((1, true), (exit, disposed));
    }

    [Fact]
    public async Task Waits_out_an_unreachable_sidecar_for_its_patience_then_exits_1()
    {
        // Nothing listens on the sidecar's address: every call fails as Unavailable, as while a host restarts.
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{FreePort()}");
        await using var client = new GrpcDurableTaskClient("runner", new GrpcDurableTaskClientOptions { Channel = channel }, NullLogger.Instance);
        var connection = new Connection();
        var runner = new DeploymentRunner(TimeProvider.System, NullLogger<DeploymentRunner>.Instance)
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            SidecarPatience = TimeSpan.FromSeconds(1),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var exit = await runner.RunAsync(Environment("c5"), (_, _) => Task.FromResult(new DeploymentRunnerWorker(client, connection)), CancellationToken.None);

        Assert.Equal((1, true), (exit, connection.Disposed));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public void Missing_variables_are_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentRunnerEnvironment.Read(_ => null));

        Assert.Equal(
            "durableflows runner: environment variable(s) DURABLEFLOWS_SIDECAR_ADDRESS, DURABLEFLOWS_QUEUE, DURABLEFLOWS_RUN_TOKEN, DURABLEFLOWS_INSTANCE_ID, DURABLEFLOWS_FLOW not set; the runner is started by StartDeploymentRun, which sets them on the ECS task.",
            error.Message);
    }
}
