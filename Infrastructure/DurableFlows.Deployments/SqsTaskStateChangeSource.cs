using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace DurableFlows.Deployments;

/// <summary>
/// Reads task state change events from the SQS queue an EventBridge rule
/// (<c>source: aws.ecs, detail-type: ECS Task State Change</c>) targets, with long polling.
/// </summary>
public sealed partial class SqsTaskStateChangeSource : ITaskStateChangeSource, IDisposable
{
    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly bool _ownsClient;

    /// <summary>Reads <paramref name="queueUrl"/> through <paramref name="sqs"/>, which stays the caller's.</summary>
    public SqsTaskStateChangeSource(IAmazonSQS sqs, string queueUrl)
        : this(sqs, queueUrl, ownsClient: false)
    {
    }

    private SqsTaskStateChangeSource(IAmazonSQS sqs, string queueUrl, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        _sqs = sqs;
        _queueUrl = queueUrl;
        _ownsClient = ownsClient;
    }

    /// <summary>
    /// Reads a work pool's <see cref="WorkPool.EventsQueueUrl"/> with a client of its own: the SDK's
    /// credential chain, the queue URL's host as the endpoint (so that a local SQS such as moto works as
    /// AWS does), signed for <see cref="WorkPool.Region"/>, else the region in the host name.
    /// </summary>
    public static SqsTaskStateChangeSource ForPool(WorkPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var queueUrl = pool.EventsQueueUrl ?? throw new ArgumentException($"Work pool '{pool.Name}' has no eventsQueueUrl.", nameof(pool));
        var region = pool.Region ?? (AwsQueueHost().Match(queueUrl.Host) is { Success: true } m ? m.Groups[1].Value : "us-east-1");
        var sqs = new AmazonSQSClient(new AmazonSQSConfig
        {
            ServiceURL = queueUrl.GetLeftPart(UriPartial.Authority),
            AuthenticationRegion = region,
        });
        return new SqsTaskStateChangeSource(sqs, queueUrl.ToString(), ownsClient: true);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TaskStateChangeMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 20,
            }, cancellationToken);
            foreach (var message in received.Messages ?? [])
            {
                var receipt = message.ReceiptHandle;
                yield return new TaskStateChangeMessage(message.Body, ct => _sqs.DeleteMessageAsync(_queueUrl, receipt, ct));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _sqs.Dispose();
        }
    }

    [GeneratedRegex(@"^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$")]
    private static partial Regex AwsQueueHost();
}
