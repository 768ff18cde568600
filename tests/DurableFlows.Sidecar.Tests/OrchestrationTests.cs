using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Sidecar.Tests;

/// <summary>The .NET worker and client run orchestrations through the sidecar.</summary>
[Collection(SidecarCollection.Name)]
public sealed class OrchestrationTests(SidecarFixture fixture)
{
    private DurableTaskClient Client => fixture.Client;

    [Fact]
    public async Task Runs_three_sequential_activities()
    {
        var done = await RunAsync("Chain", "x");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("[[[x]]]", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Runs_a_sub_orchestration_and_returns_its_output_to_the_parent()
    {
        var done = await RunAsync("Parent", "y");

        Assert.Equal("parent:[[[y]]]", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Fires_a_durable_timer()
    {
        var started = DateTimeOffset.UtcNow;
        var done = await RunAsync("Sleeper", null);

        Assert.Equal("woke", done.ReadOutputAs<string>());
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(50), "the timer fired before it was due");
    }

    [Fact]
    public async Task Delivers_an_external_event()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await Client.WaitForInstanceStartAsync(id);
        await Client.RaiseEventAsync(id, "approve", "alice");
        var done = await Client.FinishedAsync(id);

        Assert.Equal("approved by alice", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Continues_as_new_until_done()
    {
        var done = await RunAsync("Counter", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Fails_with_the_activity_failure()
    {
        var done = await RunAsync("Fails", "z");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("boom: z", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tells_the_parent_that_its_sub_orchestration_failed()
    {
        var done = await RunAsync("CatchChild", "w");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.StartsWith("caught: ", done.ReadOutputAs<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspends_and_resumes()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("Approval");
        await Client.WaitForInstanceStartAsync(id);

        await Client.SuspendInstanceAsync(id, "hold");
        await Client.RaiseEventAsync(id, "approve", "bob");
        await Task.Delay(200);
        var suspended = await Client.GetInstanceAsync(id, getInputsAndOutputs: false);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended!.RuntimeStatus);

        await Client.ResumeInstanceAsync(id, "go");
        var done = await Client.FinishedAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("approved by bob", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminates_recursively_down_to_the_grandchild()
    {
        var id = "tree-" + Guid.NewGuid().ToString("N");
        await Client.ScheduleNewOrchestrationInstanceAsync("Tree", 2, new StartOrchestrationOptions(id));
        var grandchild = id + "-2-1";
        await Eventually.HoldsAsync(async () => (await Client.GetInstanceAsync(grandchild))?.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("stop", Recursive: true));

        foreach (var instance in new[] { id, id + "-2", grandchild })
        {
            var done = await Client.FinishedAsync(instance);
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        }
    }

    [Fact]
    public async Task Raises_the_completion_notice_on_the_tagged_watcher_in_the_same_checkpoint()
    {
        var watcher = await Client.ScheduleNewOrchestrationInstanceAsync("Watcher");
        var child = await Client.ScheduleNewOrchestrationInstanceAsync("Fails", "n", new StartOrchestrationOptions
        {
            Tags = new Dictionary<string, string>
            {
                [SidecarMetadata.NotifyInstanceTag] = watcher,
                [SidecarMetadata.NotifyEventTag] = "child-done",
            },
        });

        var done = await Client.FinishedAsync(watcher);

        var notice = done.ReadOutputAs<JsonElement>();
        Assert.Equal(child, notice.GetProperty("instanceId").GetString());
        Assert.Equal("Failed", notice.GetProperty("runtimeStatus").GetString());
        Assert.True(notice.GetProperty("output").ValueKind == JsonValueKind.Null, $"a failed instance has no output; the notice said {notice}");
        Assert.Contains("boom: n", notice.GetProperty("failureDetails").GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    private async Task<OrchestrationMetadata> RunAsync(string name, object? input)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input);
        return await Client.FinishedAsync(id);
    }
}
