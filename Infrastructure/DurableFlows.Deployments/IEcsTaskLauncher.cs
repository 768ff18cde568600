namespace DurableFlows.Deployments;

/// <summary>
/// The four ECS calls deployment runs make, against the endpoint of a work pool (AWS or the local
/// emulator). Kept this small so the ECS client behind it can change without touching run logic.
/// </summary>
public interface IEcsTaskLauncher
{
    /// <summary>RunTask with the pool's task definition, network and roles, and the request's size, env and token.</summary>
    Task<EcsLaunchResult> RunTaskAsync(WorkPool pool, EcsLaunchRequest request, CancellationToken cancellationToken);

    /// <summary>DescribeTasks; tasks ECS no longer knows are left out of the result.</summary>
    Task<IReadOnlyList<EcsTaskSnapshot>> DescribeTasksAsync(WorkPool pool, IReadOnlyList<string> taskArns, CancellationToken cancellationToken);

    /// <summary>StopTask; stopping a task that already stopped is not an error.</summary>
    Task StopTaskAsync(WorkPool pool, string taskArn, string reason, CancellationToken cancellationToken);

    /// <summary>ListTasks of the pool's cluster started by <paramref name="startedBy"/>, running or pending.</summary>
    Task<IReadOnlyList<string>> ListTasksAsync(WorkPool pool, string startedBy, CancellationToken cancellationToken);
}
