using DurableFlows.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DurableFlows.Orchestrations.Tests;

public sealed class ReferencePipelineTests
{
    [Theory]
    [InlineData(typeof(SubFlow1), "Sub Flow1", "a", "b")]
    [InlineData(typeof(SubFlow2), "Sub Flow2", "b", "c")]
    [InlineData(typeof(SubFlow3), "Sub Flow3", "a", "c")]
    public async Task Each_sub_flow_runs_its_two_tasks_in_order(Type flowType, string name, string first, string second)
    {
        var context = new RecordingOrchestrationContext("i1", (task, _) => task, (_, _) => null);
        var flow = (SequentialSubFlow)Activator.CreateInstance(flowType)!;

        var result = await flow.RunAsync(context, null);

        Assert.Equal([$"task {first}", $"task {second}"], context.Calls);
        Assert.Equal(name, result.Flow);
        Assert.Equal([first, second], result.Tasks);
        Assert.Equal(name, flowType.GetCustomAttributes(typeof(DurableTaskAttribute), false).Cast<DurableTaskAttribute>().Single().Name.Name);
    }

    [Fact]
    public async Task Main_flow_calls_the_three_sub_flows_inline_in_order_and_reports_their_tasks()
    {
        var tasks = new Dictionary<string, string[]> { ["Sub Flow1"] = ["a", "b"], ["Sub Flow2"] = ["b", "c"], ["Sub Flow3"] = ["a", "c"] };
        var context = new RecordingOrchestrationContext("main", (_, _) => null, (flow, _) => new SubFlowResult(flow, tasks[flow]));

        var result = await new MainFlow().RunAsync(context, null);

        Assert.Equal(["flow Sub Flow1", "flow Sub Flow2", "flow Sub Flow3"], context.Calls);
        Assert.Equal(["Sub Flow1", "Sub Flow2", "Sub Flow3"], result.Select(r => r.Flow));
        Assert.Equal(["a", "b", "b", "c", "a", "c"], result.SelectMany(r => r.Tasks));
    }

    [Fact]
    public async Task A_task_works_for_the_configured_fraction_of_a_second_and_returns_its_name()
    {
        var time = new FakeTimeProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(PipelineOptions.TaskSecondsKey, "0.25")]).Build();
        var task = new TaskB(configuration, NullLogger<TaskB>.Instance, time);

        var running = task.RunAsync(new FakeActivityContext(), null);
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(running.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("b", await running.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("five")]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void A_malformed_task_duration_is_rejected_with_its_key_and_value(string raw)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(PipelineOptions.TaskSecondsKey, raw)]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => PipelineOptions.From(configuration));

        Assert.Contains("Pipeline:TaskSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{raw}'", error.Message, StringComparison.Ordinal);
    }

    private sealed class FakeActivityContext : TaskActivityContext
    {
        public override TaskName Name => "b";

        public override string InstanceId => "i1";
    }
}
