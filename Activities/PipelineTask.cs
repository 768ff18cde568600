using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Activities;

/// <summary>
/// The body shared by the reference tasks <c>a</c>, <c>b</c> and <c>c</c>: say which task runs, then
/// work for <see cref="PipelineOptions.TaskSeconds"/>. The result is the task's name, so flows can
/// report which tasks ran, in order.
/// </summary>
public abstract partial class PipelineTask(IConfiguration configuration, ILogger logger, TimeProvider timeProvider)
    : TaskActivity<object?, string>
{
    /// <summary>Gets the task's public name: <c>a</c>, <c>b</c> or <c>c</c>.</summary>
    protected abstract string TaskName { get; }

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = PipelineOptions.From(configuration);
        LogTaskStarted(logger, TaskName.ToUpperInvariant(), context.InstanceId);
        await Task.Delay(TimeSpan.FromSeconds(options.TaskSeconds), timeProvider).ConfigureAwait(false);
        return TaskName;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "task {Task} (flow run {InstanceId})")]
    private static partial void LogTaskStarted(ILogger logger, string task, string instanceId);
}
