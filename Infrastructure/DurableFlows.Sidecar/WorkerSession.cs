using System.Threading.Channels;
using DurableFlows.Storage;
using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <summary>
/// One connected worker: a GetWorkItems stream. It locks work for itself, by its queue and filters, up
/// to the concurrency it asked for, so many workers compete for work without a central dispatcher.
/// When the stream ends, everything it still holds is handed back at once.
/// </summary>
internal sealed class WorkerSession
{
    private readonly SidecarEngine _engine;
    private readonly Channel<P.WorkItem> _outbox = Channel.CreateUnbounded<P.WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _orchestrationSlots;
    private readonly SemaphoreSlim _activitySlots;

    public WorkerSession(SidecarEngine engine, WorkItemSelector selector, int maxOrchestrations, int maxActivities)
    {
        _engine = engine;
        Selector = selector;
        Id = Guid.NewGuid().ToString("N")[..12];
        _orchestrationSlots = new SemaphoreSlim(maxOrchestrations, maxOrchestrations);
        _activitySlots = new SemaphoreSlim(maxActivities, maxActivities);
    }

    public string Id { get; }

    public WorkItemSelector Selector { get; }

    public async Task RunAsync(IServerStreamWriter<P.WorkItem> stream, CancellationToken cancellationToken)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _engine.SessionStarted(this);
        var token = closed.Token;
        var fetchers = Task.WhenAll(
            Task.Run(() => FetchAsync(_orchestrationSlots, _engine.DispatchOrchestrationAsync, token), CancellationToken.None),
            Task.Run(() => FetchAsync(_activitySlots, _engine.DispatchActivityAsync, token), CancellationToken.None));
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await stream.WriteAsync(item, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The worker went away or the sidecar is stopping.
        }
        catch (IOException)
        {
            // The stream broke under the write.
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
            _outbox.Writer.TryComplete();
            await fetchers.ConfigureAwait(false);
            _engine.SessionEnded(this);
            await _engine.HandBackAsync(this).ConfigureAwait(false);
        }
    }

    /// <summary>Queues a work item for the worker. False when the worker is gone.</summary>
    public bool Send(P.WorkItem item) => _outbox.Writer.TryWrite(item);

    public void ReleaseOrchestrationSlot() => _orchestrationSlots.Release();

    public void ReleaseActivitySlot() => _activitySlots.Release();

    private async Task FetchAsync(SemaphoreSlim slots, Func<WorkerSession, CancellationToken, Task<bool>> dispatch, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            bool dispatched;
            try
            {
                dispatched = await dispatch(this, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                slots.Release();
                return;
            }
            catch (Exception e)
            {
                slots.Release();
                _engine.FetchFailed(this, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _engine.Time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // A dispatched item holds its slot until the worker completes or hands it back.
            if (!dispatched)
            {
                slots.Release();
            }
        }
    }
}
