using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Activities;

/// <summary>Task <c>a</c> of the reference pipeline: prints <c>task A</c>, then works.</summary>
[DurableTask(Name)]
public sealed class TaskA(IConfiguration configuration, ILogger<TaskA> logger, TimeProvider timeProvider)
    : PipelineTask(configuration, logger, timeProvider)
{
    /// <summary>The activity name flows call.</summary>
    public const string Name = "a";

    /// <inheritdoc />
    protected override string TaskName => Name;
}
