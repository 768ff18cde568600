namespace DurableFlows.Emulator;

/// <summary>Settings of the local ECS emulator.</summary>
public sealed record EcsEmulatorOptions
{
    /// <summary>The address the emulator listens on when <see cref="EcsEmulator.StartAsync"/> is given none.</summary>
    public const string DefaultAddress = "http://127.0.0.1:4566";

    /// <summary>The access key requests must be signed with.</summary>
    public string AccessKey { get; init; } = "test";

    /// <summary>The secret key requests must be signed with.</summary>
    public string SecretKey { get; init; } = "test";

    /// <summary>The region in the ARNs and events.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in the ARNs and events.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The clusters that exist; <c>default</c> always does.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = ["default"];

    /// <summary>Time between SIGTERM and SIGKILL when a task stops, unless the container definition sets <c>stopTimeout</c>.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How memory and cpu limits are enforced.</summary>
    public ResourceEnforcement Enforcement { get; init; } = ResourceEnforcement.Auto;

    /// <summary>
    /// Where the cgroup hierarchies are mounted: the v2 hierarchy itself, or the folder holding the
    /// v1 <c>memory</c> and <c>cpu</c> hierarchies.
    /// </summary>
    public string CgroupRoot { get; init; } = "/sys/fs/cgroup";

    /// <summary>How often <see cref="ResourceEnforcement.MemoryWatch"/> reads a task's resident memory.</summary>
    public TimeSpan MemoryWatchInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How far the signing time of a request may be from the emulator's clock, as in AWS.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The working directory of task processes whose container definition sets none.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Receives every line the containers write; they are also logged at Debug level.</summary>
    public Action<ContainerOutputLine>? ContainerOutput { get; init; }
}
