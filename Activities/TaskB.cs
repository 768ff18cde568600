using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Activities;

/// <summary>Task <c>b</c> of the reference pipeline: prints <c>task B</c>, then works.</summary>
[DurableTask(Name)]
public sealed class TaskB(IConfiguration configuration, ILogger<TaskB> logger, TimeProvider timeProvider)
    : PipelineTask(configuration, logger, timeProvider)
{
    /// <summary>The activity name flows call.</summary>
    public const string Name = "b";

    /// <inheritdoc />
    protected override string TaskName => Name;
}
