using System.Threading.Channels;
using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Emulator;

/// <summary>
/// A subscription to the emulator's "ECS Task State Change" events, in the order they happened.
/// Each event is what EventBridge would put in the SQS queue (<see cref="EcsTaskStateChangeEvent.ToJson"/>
/// is the message body), so a consumer written for SQS can read from here unchanged. Dispose to stop.
/// </summary>
public sealed class EcsEventSubscription : IDisposable
{
    private readonly Channel<EcsTaskStateChangeEvent> _channel =
        Channel.CreateUnbounded<EcsTaskStateChangeEvent>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Action<EcsEventSubscription> _unsubscribe;

    internal EcsEventSubscription(Action<EcsEventSubscription> unsubscribe) => _unsubscribe = unsubscribe;

    /// <summary>The events since the subscription was made; completes when the emulator stops.</summary>
    public ChannelReader<EcsTaskStateChangeEvent> Events => _channel.Reader;

    /// <inheritdoc />
    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }

    internal void Deliver(EcsTaskStateChangeEvent change) => _channel.Writer.TryWrite(change);

    internal void Complete() => _channel.Writer.TryComplete();
}
