namespace DurableFlows.Deployments;

/// <summary>
/// A work pool from <c>durableFlows.workPools</c>: where deployment runs start (an ECS cluster and task
/// definition, or the local emulator), their network, roles, and default size and environment.
/// </summary>
public sealed record WorkPool
{
    /// <summary>Gets the pool's name, its key in <c>workPools</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets whether tasks run on ECS or on the local emulator.</summary>
    public WorkPoolType Type { get; init; }

    /// <summary>Gets the ECS cluster.</summary>
    public string Cluster { get; init; } = "default";

    /// <summary>Gets the task definition (family, family:revision or ARN) whose container runs <c>durableflows runner</c>.</summary>
    public required string TaskDefinition { get; init; }

    /// <summary>Gets the runner's container in the task definition; overrides go to it, crashes are read from it.</summary>
    public string ContainerName { get; init; } = "runner";

    /// <summary>Gets the launch type (<c>FARGATE</c>, <c>EC2</c>...), or null when a capacity provider strategy is used.</summary>
    public string? LaunchType { get; init; }

    /// <summary>Gets the capacity provider strategy; empty when a launch type is used.</summary>
    public IReadOnlyList<CapacityProviderStrategyItem> CapacityProviderStrategy { get; init; } = [];

    /// <summary>Gets the subnets of the tasks' network interfaces.</summary>
    public IReadOnlyList<string> Subnets { get; init; } = [];

    /// <summary>Gets the security groups of the tasks' network interfaces.</summary>
    public IReadOnlyList<string> SecurityGroups { get; init; } = [];

    /// <summary>Gets <c>ENABLED</c> or <c>DISABLED</c>.</summary>
    public string AssignPublicIp { get; init; } = "DISABLED";

    /// <summary>Gets the role the runner's code runs as.</summary>
    public string? TaskRoleArn { get; init; }

    /// <summary>Gets the role ECS uses to pull the image and write logs.</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>Gets environment variables every run of the pool gets.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the AWS region; null uses the SDK's region chain.</summary>
    public string? Region { get; init; }

    /// <summary>Gets the default CPU units.</summary>
    public int Cpu { get; init; } = 256;

    /// <summary>Gets the default memory in MiB.</summary>
    public int Memory { get; init; } = 512;

    /// <summary>Gets the ECS endpoint, for the local emulator; null uses the region's endpoint.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// Gets the SQS queue an EventBridge rule sends this pool's "ECS Task State Change" events to, or null
    /// when the pool has none; then only the parent's reconciliation timer notices a task that stopped
    /// early. ECS pools only: the local emulator hands its events to the host in-process.
    /// </summary>
    public Uri? EventsQueueUrl { get; init; }

    /// <summary>
    /// Gets whether sizes must be Fargate's: a <c>FARGATE</c> launch type or a Fargate capacity provider,
    /// and always on the local emulator, which stands in for Fargate.
    /// </summary>
    public bool IsFargate =>
        Type == WorkPoolType.Local
        || string.Equals(LaunchType, "FARGATE", StringComparison.Ordinal)
        || CapacityProviderStrategy.Any(s => s.CapacityProvider.StartsWith("FARGATE", StringComparison.Ordinal));
}
