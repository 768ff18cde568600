namespace DurableFlows.Bundles;

/// <summary>Settings of the <see cref="PayloadStore"/>.</summary>
public sealed record PayloadStoreOptions
{
    /// <summary>The default threshold: 64 KiB.</summary>
    public const int DefaultThresholdBytes = 64 * 1024;

    /// <summary>
    /// Gets the size in UTF-8 bytes above which a serialized value is kept in storage and replaced by a
    /// reference. 64 KiB keeps ECS container overrides (8 KiB) and gRPC messages (4 MiB) clear once
    /// several values travel together.
    /// </summary>
    public int ThresholdBytes { get; init; } = DefaultThresholdBytes;
}
