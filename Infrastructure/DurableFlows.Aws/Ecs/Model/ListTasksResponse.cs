namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The output of ECS ListTasks.</summary>
public sealed record ListTasksResponse
{
    /// <summary>The ARNs of the tasks on this page.</summary>
    public IReadOnlyList<string> TaskArns { get; init; } = [];

    /// <summary>The token of the next page; null on the last page.</summary>
    public string? NextToken { get; init; }
}
