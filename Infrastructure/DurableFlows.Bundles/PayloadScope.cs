namespace DurableFlows.Bundles;

/// <summary>
/// Tells <see cref="PayloadOffloadingDataConverter"/> which instance the values it serializes belong to,
/// since a <c>DataConverter</c> is called without one. The worker or sidecar enters the scope around the
/// work of one instance; the value flows with the async context.
/// </summary>
public sealed class PayloadScope
{
    /// <summary>The folder name used for values serialized outside any scope, such as by a client.</summary>
    public const string Unscoped = "_unscoped";

    private readonly AsyncLocal<string?> _instanceId = new();

    /// <summary>Gets the instance whose work runs now, or null outside any scope.</summary>
    public string? InstanceId => _instanceId.Value;

    /// <summary>Marks the current async context as working for <paramref name="instanceId"/> until disposed.</summary>
    public IDisposable Enter(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var previous = _instanceId.Value;
        _instanceId.Value = instanceId;
        return new Exit(this, previous);
    }

    private sealed class Exit(PayloadScope scope, string? previous) : IDisposable
    {
        public void Dispose() => scope._instanceId.Value = previous;
    }
}
