using System.Runtime.CompilerServices;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace DurableFlows.Deployments;

/// <summary>
/// Reads task state change events from the SQS queue an EventBridge rule
/// (<c>source: aws.ecs, detail-type: ECS Task State Change</c>) targets, with long polling.
/// </summary>
public sealed class SqsTaskStateChangeSource(IAmazonSQS sqs, string queueUrl) : ITaskStateChangeSource
{
    /// <inheritdoc />
    public async IAsyncEnumerable<TaskStateChangeMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 20,
            }, cancellationToken);
            foreach (var message in received.Messages ?? [])
            {
                var receipt = message.ReceiptHandle;
                yield return new TaskStateChangeMessage(message.Body, ct => sqs.DeleteMessageAsync(queueUrl, receipt, ct));
            }
        }
    }
}
