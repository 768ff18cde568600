namespace DurableFlows.Emulator;

/// <summary>A line a task's container wrote to stdout or stderr (what awslogs would collect).</summary>
/// <param name="TaskArn">The task's ARN.</param>
/// <param name="Container">The container's name.</param>
/// <param name="Line">The line, without its end of line.</param>
/// <param name="IsError">True for stderr.</param>
public sealed record ContainerOutputLine(string TaskArn, string Container, string Line, bool IsError);
