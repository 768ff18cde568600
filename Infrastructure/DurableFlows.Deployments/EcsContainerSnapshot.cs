namespace DurableFlows.Deployments;

/// <summary>One container of an ECS task, as DescribeTasks or a task state change event shows it.</summary>
/// <param name="Name">The container's name in the task definition.</param>
/// <param name="LastStatus">Its status, such as <c>RUNNING</c> or <c>STOPPED</c>.</param>
/// <param name="ExitCode">Its exit code, once it exited.</param>
/// <param name="Reason">ECS's reason, such as <c>OutOfMemoryError: Container killed due to memory usage</c>.</param>
public sealed record EcsContainerSnapshot(string Name, string? LastStatus, int? ExitCode, string? Reason);
