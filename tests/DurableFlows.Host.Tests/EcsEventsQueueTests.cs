using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using DurableFlows.Deployments.Tests;
using DurableFlows.Emulator;

namespace DurableFlows.Host.Tests;

/// <summary>
/// An <c>ecs</c> work pool with <c>eventsQueueUrl</c>: <c>durableflows run</c> reads the pool's SQS queue
/// (moto's here), where EventBridge would put the "ECS Task State Change" events, and a task that stopped
/// before its flow ended fails the parent with the classified crash, long before the reconciliation timer.
/// </summary>
public sealed class EcsEventsQueueTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durableflows-events-queue-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_stopped_task_event_on_the_pools_queue_fails_the_run_with_the_classified_crash()
    {
        await using var moto = await MotoServer.StartAsync();
        using var sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = moto.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var queueUrl = (await sqs.CreateQueueAsync("ecs-task-state-changes")).QueueUrl;
        await using var ecs = new EcsEmulator(new EcsEmulatorOptions { StopTimeout = TimeSpan.FromSeconds(2) });
        var ecsAddress = await ecs.StartAsync("http://127.0.0.1:0");

        // The runner's container dies at once, before its flow starts; nothing but the event tells the host
        // soon (the parent's reconciliation timer would ask ECS after a minute).
        await RunnerTaskDefinition.RegisterAsync(ecsAddress, ["sh", "-c", "exit 3"]);
        using var events = ecs.Subscribe();
        using var stopForwarding = new CancellationTokenSource();
        var forwarded = ForwardAsEventBridgeAsync(events, sqs, queueUrl, stopForwarding.Token);
        await File.WriteAllTextAsync(Path.Combine(_folder, "host.json"), EmulatedRunner.HostJson("EventsQueue", ecsAddress, EmulatedRunner.FreeLoopbackPort(), queueUrl));

        using var host = HostProcess.Start(_folder, ["run", "Main Flow2", "--instance-id", "sqs-crash"], EmulatedRunner.Credentials);
        var exitCode = await host.ExitCodeAsync(TimeSpan.FromSeconds(45));
        await stopForwarding.CancelAsync();
        var sent = await forwarded;

        Assert.True(exitCode == 1, $"durableflows run exited {exitCode}:\n{host.Errors}");
        using var status = JsonDocument.Parse(host.Output.Trim().Split('\n')[^1]);
        Assert.Equal("Failed", status.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(
            "Sub Flow1/sub-flow1-deployment crashed: the runner exited before the flow finished (exit 3, Essential container in task exited)",
            status.RootElement.GetProperty("failureDetails").GetProperty("errorMessage").GetString());
        Assert.Contains("DurableFlows.Deployments.TaskStateChangeListener[5] Deployment run 'sqs-crash-run-1' crashed", host.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("task 'ReconcileDeploymentRun'", host.Errors, StringComparison.Ordinal);
        Assert.True(sent >= 2, $"{sent} events were sent");
        Assert.Equal(0, await MessagesLeftAsync(sqs, queueUrl));
    }

    // EventBridge's part: every task state change of the emulator, as the body of one SQS message.
    private static async Task<int> ForwardAsEventBridgeAsync(EcsEventSubscription events, AmazonSQSClient sqs, string queueUrl, CancellationToken stop)
    {
        var sent = 0;
        try
        {
            await foreach (var change in events.Events.ReadAllAsync(stop))
            {
                await sqs.SendMessageAsync(queueUrl, change.ToJson(), stop);
                sent++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return sent;
    }

    // The host deletes each message once handled; what it read last may take a moment to go.
    private static async Task<int> MessagesLeftAsync(AmazonSQSClient sqs, string queueUrl)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = queueUrl,
                AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            });
            var left = attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
            if (left == 0 || patience.IsCancellationRequested)
            {
                return left;
            }

            await Task.Delay(100);
        }
    }
}
