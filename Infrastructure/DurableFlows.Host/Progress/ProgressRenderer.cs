using Spectre.Console;
using Spectre.Console.Rendering;

namespace DurableFlows.Host.Progress;

/// <summary>
/// Shows a run's tree on stderr. On a terminal it redraws a live tree; elsewhere (pipes, CI, tests)
/// it writes one line for each change, so logs stay readable.
/// </summary>
public sealed class ProgressRenderer
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _lines;
    private readonly bool _live;
    private readonly Dictionary<string, ProgressState> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates a renderer writing to <paramref name="error"/>.</summary>
    public ProgressRenderer(TextWriter error, bool live)
    {
        _lines = error;
        _live = live;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
        });
    }

    /// <summary>
    /// Runs <paramref name="poll"/> until it returns a finished tree, showing each tree it returns.
    /// </summary>
    public async Task<FlowNode> RunAsync(Func<CancellationToken, Task<(FlowNode Tree, bool Finished)>> poll, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (!_live)
        {
            while (true)
            {
                var (tree, finished) = await poll(cancellationToken).ConfigureAwait(false);
                WriteChanges(tree, depth: 0);
                if (finished)
                {
                    return tree;
                }

                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
        }

        FlowNode? last = null;
        await _console.Live(new Text("starting...")).AutoClear(false).StartAsync(async live =>
        {
            while (true)
            {
                var (tree, finished) = await poll(cancellationToken).ConfigureAwait(false);
                last = tree;
                live.UpdateTarget(Render(tree));
                live.Refresh();
                if (finished)
                {
                    return;
                }

                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return last!;
    }

    private static Tree Render(FlowNode flow)
    {
        var tree = new Tree(Label(flow));
        AddSteps(tree, flow);
        return tree;
    }

    private static void AddSteps(IHasTreeNodes parent, FlowNode flow)
    {
        foreach (var step in flow.Steps)
        {
            switch (step)
            {
                case TaskStep task:
                    parent.AddNode(new Markup($"{Icon(task.State)} task [bold]{Markup.Escape(task.Name)}[/]"));
                    break;
                case SubFlowStep sub:
                    AddSteps(parent.AddNode(Label(sub.Flow)), sub.Flow);
                    break;
                default:
                    break;
            }
        }
    }

    private static IRenderable Label(FlowNode flow) =>
        new Markup($"{Icon(flow.State)} [bold]{Markup.Escape(flow.Name)}[/] [grey]{Markup.Escape(flow.InstanceId)}[/]");

    private static string Icon(ProgressState state) => state switch
    {
        ProgressState.Pending => "[grey]…[/]",
        ProgressState.Running => "[yellow]▶[/]",
        ProgressState.Done => "[green]✔[/]",
        _ => "[red]✘[/]",
    };

    private void WriteChanges(FlowNode flow, int depth)
    {
        Report($"flow:{flow.InstanceId}", flow.State, depth, $"flow '{flow.Name}' ({flow.InstanceId})");
        var index = 0;
        foreach (var step in flow.Steps)
        {
            switch (step)
            {
                case TaskStep task:
                    Report($"task:{flow.InstanceId}:{index}", task.State, depth + 1, $"task '{task.Name}' in '{flow.Name}'");
                    break;
                case SubFlowStep sub:
                    WriteChanges(sub.Flow, depth + 1);
                    break;
                default:
                    break;
            }

            index++;
        }
    }

    private void Report(string key, ProgressState state, int depth, string what)
    {
        if (_seen.TryGetValue(key, out var previous) && previous == state)
        {
            return;
        }

        _seen[key] = state;
        var verb = state switch
        {
            ProgressState.Pending => "pending",
            ProgressState.Running => "running",
            ProgressState.Done => "done",
            _ => "failed",
        };
        _lines.WriteLine($"{new string(' ', depth * 2)}{verb,-7} {what}");
    }
}
