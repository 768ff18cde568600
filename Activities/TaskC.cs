using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Activities;

/// <summary>Task <c>c</c> of the reference pipeline: prints <c>task C</c>, then works.</summary>
[DurableTask(Name)]
public sealed class TaskC(IConfiguration configuration, ILogger<TaskC> logger, TimeProvider timeProvider)
    : PipelineTask(configuration, logger, timeProvider)
{
    /// <summary>The activity name flows call.</summary>
    public const string Name = "c";

    /// <inheritdoc />
    protected override string TaskName => Name;
}
