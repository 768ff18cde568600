using DurableFlows.Deployments;
using DurableFlows.Orchestrations;
using Microsoft.DurableTask;

namespace DurableFlows.Host.Tests;

/// <summary><c>Big Output Flow</c>: returns what its one task returned, a text of the input's MiB.</summary>
[DurableTask(Name)]
public sealed class BigOutputFlow : TaskOrchestrator<int, string>
{
    public const string Name = "Big Output Flow";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input) =>
        await context.CallActivityAsync<string>(MakeBigText.Name, input);
}

/// <summary><c>Big Output Parent</c>: returns what its sub-orchestration, a <c>Big Output Flow</c> with id <c>&lt;id&gt;-child</c>, returned.</summary>
[DurableTask(Name)]
public sealed class BigOutputParent : TaskOrchestrator<int, string>
{
    public const string Name = "Big Output Parent";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input) =>
        await context.CallSubOrchestratorAsync<string>(BigOutputFlow.Name, input, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-child" });
}

/// <summary><c>make big text</c>: a text of the input's MiB that does not compress to nothing.</summary>
[DurableTask(Name)]
public sealed class MakeBigText : TaskActivity<int, string>
{
    public const string Name = "make big text";

    public static string Of(int mib) => string.Create(mib * 1024 * 1024, mib, (chars, seed) =>
    {
        var random = new Random(seed);
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }
    });

    public override Task<string> RunAsync(TaskActivityContext context, int input) => Task.FromResult(Of(input));
}

/// <summary>
/// <c>Pinned Parent</c>: runs the <c>hungry</c> deployment holding the input's MiB; a crash out of memory is
/// retried once with 2048 MiB.
/// </summary>
[DurableTask(Name)]
public sealed class PinnedParent : TaskOrchestrator<int, SubFlowResult?>
{
    public const string Name = "Pinned Parent";

    public override Task<SubFlowResult?> RunAsync(TaskOrchestrationContext context, int input) =>
        context.RunDeploymentAsync<SubFlowResult>("Hungry Flow/hungry", input, new DeploymentRunOptions
        {
            CrashRetry = new DeploymentCrashRetryPolicy { MaxAttempts = 2, RetryOverrides = new InfraOverrides { Memory = 2048 } },
        });
}
