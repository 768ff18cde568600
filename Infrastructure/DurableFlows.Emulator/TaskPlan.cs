using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Emulator;

/// <summary>Everything fixed about a task when RunTask accepts it.</summary>
internal sealed record TaskPlan(
    string TaskId,
    string TaskArn,
    string ClusterArn,
    TaskDefinition Definition,
    RunTaskRequest Request,
    string? Cpu,
    string? Memory,
    string Group,
    IReadOnlyList<ContainerPlan> Containers);
