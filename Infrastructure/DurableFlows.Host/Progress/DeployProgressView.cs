using DurableFlows.Bundles;
using Spectre.Console;

namespace DurableFlows.Host.Progress;

/// <summary>
/// Shows a deploy's steps on stderr: a live status line on a terminal, else one line per step (and per
/// tenth of an upload), so logs stay readable.
/// </summary>
public sealed class DeployProgressView
{
    private readonly TextWriter _error;
    private readonly bool _live;

    /// <summary>Creates the view.</summary>
    public DeployProgressView(TextWriter error, bool live)
    {
        _error = error;
        _live = live;
    }

    /// <summary>Runs <paramref name="deploy"/>, showing what it reports.</summary>
    public async Task<T> RunAsync<T>(Func<IProgress<BundleProgress>, Task<T>> deploy)
    {
        ArgumentNullException.ThrowIfNull(deploy);
        if (!_live)
        {
            return await deploy(new LineProgress(_error)).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_error) });
        return await console.Status().StartAsync("starting", async status =>
        {
            var lines = new LineProgress(_error);
            return await deploy(new CallbackProgress(p =>
            {
                status.Status(Markup.Escape(Describe(p)));
                if (p.Stage is not BundleStage.Uploading)
                {
                    lines.Report(p);
                }
            })).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Describes one step in words.</summary>
    public static string Describe(BundleProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return progress.Stage switch
        {
            BundleStage.Publishing => $"building {progress.Detail} (dotnet publish)",
            BundleStage.Zipping => "zipping the published flows",
            BundleStage.Built => $"built bundle {progress.Detail} ({Size(progress.BytesTotal)})",
            BundleStage.Checking => $"checking code storage for {progress.Detail}",
            BundleStage.Uploading => $"uploading {Size(progress.BytesDone)} of {Size(progress.BytesTotal)} ({Percent(progress)} %)",
            BundleStage.Uploaded => $"uploaded {progress.Detail} ({Size(progress.BytesTotal)})",
            BundleStage.Skipped => $"bundle {progress.Detail} is already in code storage; nothing to upload",
            BundleStage.Recording => $"pointing deployment {progress.Detail} at the bundle",
            _ => progress.Stage.ToString(),
        };
    }

    private static long Percent(BundleProgress progress) => progress.BytesTotal == 0 ? 100 : progress.BytesDone * 100 / progress.BytesTotal;

    private static string Size(long bytes) => DeployCommand.Size(bytes);

    private sealed class LineProgress(TextWriter error) : IProgress<BundleProgress>
    {
        private long _lastTenth = -1;

        public void Report(BundleProgress value)
        {
            if (value.Stage == BundleStage.Uploading)
            {
                var tenth = Percent(value) / 10;
                if (tenth == Interlocked.Exchange(ref _lastTenth, tenth))
                {
                    return;
                }
            }

            error.WriteLine("durableflows deploy: " + Describe(value));
        }
    }

    private sealed class CallbackProgress(Action<BundleProgress> report) : IProgress<BundleProgress>
    {
        public void Report(BundleProgress value) => report(value);
    }
}
