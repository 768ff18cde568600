namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The input of ECS ListTasks.</summary>
public sealed record ListTasksRequest
{
    /// <summary>The cluster name or ARN; <c>default</c> when absent.</summary>
    public string? Cluster { get; init; }

    /// <summary>Only tasks of this task definition family.</summary>
    public string? Family { get; init; }

    /// <summary>Only tasks started with this <c>startedBy</c>.</summary>
    public string? StartedBy { get; init; }

    /// <summary>RUNNING (ECS's default) or STOPPED.</summary>
    public string? DesiredStatus { get; init; }

    /// <summary>Only tasks of this launch type.</summary>
    public string? LaunchType { get; init; }

    /// <summary>Only tasks of this service.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Only tasks on this container instance.</summary>
    public string? ContainerInstance { get; init; }

    /// <summary>Page size (1 to 100).</summary>
    public int? MaxResults { get; init; }

    /// <summary>The token of the next page, from a previous response.</summary>
    public string? NextToken { get; init; }
}
