using Microsoft.DurableTask;

namespace DurableFlows.Bundles;

/// <summary>
/// A <see cref="DataConverter"/> that serializes with an inner converter, then offloads values above the
/// <see cref="PayloadStore"/> threshold and puts the reference in their place; on the way back it resolves
/// (and verifies) references before the inner converter reads them. Orchestrations and activities see
/// their values; the history, gRPC messages and ECS overrides carry only references.
/// </summary>
/// <remarks>
/// <c>DataConverter</c> is synchronous, so storage calls block the calling thread. That is acceptable for
/// values large enough to offload, which are rare; small values never touch storage. Payloads are filed
/// under the instance of the current <see cref="PayloadScope"/> (or <see cref="PayloadScope.Unscoped"/>),
/// which is what <see cref="PayloadStore.DeleteForInstanceAsync"/> purges.
/// </remarks>
public sealed class PayloadOffloadingDataConverter(DataConverter inner, PayloadStore store, PayloadScope scope) : DataConverter
{
    /// <inheritdoc />
    public override string? Serialize(object? value)
    {
        var serialized = inner.Serialize(value);
        return store.OffloadAsync(scope.InstanceId ?? PayloadScope.Unscoped, serialized).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public override object? Deserialize(string? data, Type targetType)
    {
        var resolved = PayloadReference.TryParse(data) is null ? data : store.ResolveAsync(data).GetAwaiter().GetResult();
        return inner.Deserialize(resolved, targetType);
    }
}
