namespace DurableFlows.Deployments;

/// <summary>An ECS task's state as DescribeTasks or an "ECS Task State Change" event shows it.</summary>
public sealed record EcsTaskSnapshot
{
    /// <summary>Gets the task's ARN.</summary>
    public required string TaskArn { get; init; }

    /// <summary>Gets the cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>Gets <c>PROVISIONING</c>, <c>PENDING</c>, <c>RUNNING</c>, ..., <c>STOPPED</c>.</summary>
    public string? LastStatus { get; init; }

    /// <summary>Gets the status ECS is moving the task to.</summary>
    public string? DesiredStatus { get; init; }

    /// <summary>Gets the stop code, such as <c>EssentialContainerExited</c>.</summary>
    public string? StopCode { get; init; }

    /// <summary>Gets the stopped reason.</summary>
    public string? StoppedReason { get; init; }

    /// <summary>Gets the task's CPU units.</summary>
    public int? Cpu { get; init; }

    /// <summary>Gets the task's memory in MiB.</summary>
    public int? Memory { get; init; }

    /// <summary>Gets <c>startedBy</c>.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Gets the event's <c>detail.version</c>, which grows with each change of the task.</summary>
    public long? Version { get; init; }

    /// <summary>Gets the containers; empty when the task failed to start.</summary>
    public IReadOnlyList<EcsContainerSnapshot> Containers { get; init; } = [];

    /// <summary>Gets the environment overrides, by container name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> EnvironmentOverrides { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Whether the task has stopped.</summary>
    public bool IsStopped => LastStatus == "STOPPED";

    /// <summary>
    /// Gets the deployment run's child instance id from the runner container's environment overrides,
    /// with that container's name; null for tasks that are not deployment runs.
    /// </summary>
    public (string InstanceId, string ContainerName)? DeploymentRun =>
        EnvironmentOverrides
            .Where(o => o.Value.ContainsKey(DeploymentRunnerEnvironment.InstanceIdVariable))
            .Select(o => ((string InstanceId, string ContainerName)?)(o.Value[DeploymentRunnerEnvironment.InstanceIdVariable], o.Key))
            .FirstOrDefault();
}
