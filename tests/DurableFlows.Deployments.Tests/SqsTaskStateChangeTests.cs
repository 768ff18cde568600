using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Deployments.Tests;

public sealed class SqsTaskStateChangeTests
{
    [Fact]
    public async Task Listener_reads_EventBridge_events_from_SQS_reports_the_crash_once_and_deletes_every_message()
    {
        await using var moto = await MotoServer.StartAsync();
        using var sqs = new AmazonSQSClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonSQSConfig { ServiceURL = moto.Url.ToString(), AuthenticationRegion = "us-east-1" });
        var queueUrl = (await sqs.CreateQueueAsync("ecs-task-state-changes")).QueueUrl;
        await using var harness = await DeploymentRunHarness.StartAsync(new DeploymentRunOptions());
        await harness.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions("q1"));
        var taskArn = RecordingEcs.ArnOf((await harness.FirstLaunchAsync()).ClientToken);
        foreach (var body in new[]
        {
            """{"detail-type":"ECS Container Instance State Change","detail":{}}""",
            TaskStateChanges.Stopped(instanceId: "q1-run-1", taskArn: taskArn, version: 6, lastStatus: "RUNNING"),
            TaskStateChanges.Stopped(instanceId: "q1-run-1", taskArn: taskArn, version: 7),
            TaskStateChanges.Stopped(instanceId: "q1-run-1", taskArn: taskArn, version: 7),
        })
        {
            await sqs.SendMessageAsync(queueUrl, body);
        }

        var deduplicator = new TaskStateChangeDeduplicator(TimeProvider.System);
        using var listener = new TaskStateChangeListener(
            [new SqsTaskStateChangeSource(sqs, queueUrl)], harness.Client, deduplicator, TimeProvider.System, NullLogger<TaskStateChangeListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        var parent = await harness.FinishedAsync("q1");
        await WaitUntilEmptyAsync(sqs, queueUrl);
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, parent.RuntimeStatus);
        Assert.Equal(
            "Sub Flow1/sub-flow1-deployment crashed: OOM at 1024 MiB (exit 137, OutOfMemoryError: Container killed due to memory usage)",
            parent.FailureDetails!.ErrorMessage);
        Assert.False(deduplicator.IsNew(taskArn, 7));
    }

    private static async Task WaitUntilEmptyAsync(AmazonSQSClient sqs, string queueUrl)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = queueUrl,
                AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            }, patience.Token);
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }

            await Task.Delay(50, patience.Token);
        }
    }
}
