using DurableFlows.Storage;
using DurableTask.Core;
using DurableTask.Core.History;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using P = Microsoft.DurableTask.Protobuf;

namespace DurableFlows.Sidecar;

/// <summary>
/// The work-item side of the sidecar: locks work for worker sessions, turns work items into protocol
/// messages, turns responses into checkpoints, renews locks and hands back what a lost worker held.
/// </summary>
internal sealed class SidecarEngine : IAsyncDisposable
{
    private readonly PendingWorkItems _pending = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _servedQueues = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly ITimer _renewal;

    public SidecarEngine(OrchestrationBackend backend, SidecarOptions options, TimeProvider time, ILogger logger)
    {
        Backend = backend;
        Options = options;
        Time = time;
        _logger = logger;
        _renewal = time.CreateTimer(_ => _ = RenewLocksAsync(), null, options.LockRenewalInterval, options.LockRenewalInterval);
    }

    public OrchestrationBackend Backend { get; }

    public SidecarOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Gets the signals raised after each committed checkpoint, by instance.</summary>
    public InstanceCheckpointSignals Checkpoints { get; } = new();

    private IOrchestrationService Service => Backend.Service;

    public async Task<bool> DispatchOrchestrationAsync(WorkerSession session, CancellationToken cancellationToken)
    {
        var workItem = Backend.Routing is { } routing
            ? await routing.LockNextTaskOrchestrationWorkItemAsync(session.Selector, Options.ReceiveTimeout, cancellationToken).ConfigureAwait(false)
            : await Service.LockNextTaskOrchestrationWorkItemAsync(Options.ReceiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is null)
        {
            return false;
        }

        var episode = new OrchestrationEpisode(workItem, Time);
        if (!episode.HasStart)
        {
            _logger.DroppedOrphanWorkItem(workItem.InstanceId);
            await Service.CompleteTaskOrchestrationWorkItemAsync(workItem, workItem.OrchestrationRuntimeState, [], [], [], null!, null!).ConfigureAwait(false);
            return false;
        }

        if (episode.AlreadyFinal || episode.Termination is not null)
        {
            // The sidecar settles these itself: an ended instance drops late messages; a termination ends it.
            var checkpoint = episode.AlreadyFinal ? episode.Unchanged(Time) : episode.Terminate(Time);
            await CommitAsync(workItem, checkpoint).ConfigureAwait(false);
            return false;
        }

        var token = Guid.NewGuid().ToString("N");
        var pending = new PendingWorkItem(token, PendingWorkItem.OrchestrationKey(workItem.InstanceId), session, episode, activity: null);
        _pending.Add(pending);
        if (cancellationToken.IsCancellationRequested || !session.Send(new P.WorkItem { OrchestratorRequest = episode.ToRequest(), CompletionToken = token }))
        {
            await HandBackAsync(pending).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    public async Task<bool> DispatchActivityAsync(WorkerSession session, CancellationToken cancellationToken)
    {
        var workItem = Backend.Routing is { } routing
            ? await routing.LockNextTaskActivityWorkItemAsync(session.Selector, Options.ReceiveTimeout, cancellationToken).ConfigureAwait(false)
            : await Service.LockNextTaskActivityWorkItem(Options.ReceiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is null)
        {
            return false;
        }

        var scheduled = (TaskScheduledEvent)workItem.TaskMessage.Event;
        var instance = workItem.TaskMessage.OrchestrationInstance;
        var token = Guid.NewGuid().ToString("N");
        var pending = new PendingWorkItem(token, PendingWorkItem.ActivityKey(instance.InstanceId, scheduled.EventId), session, episode: null, workItem);
        _pending.Add(pending);
        var request = new P.ActivityRequest
        {
            Name = scheduled.Name ?? string.Empty,
            Version = scheduled.Version,
            Input = scheduled.Input,
            OrchestrationInstance = ProtoConvert.ToProto(instance),
            TaskId = scheduled.EventId,
        };
        if (cancellationToken.IsCancellationRequested || !session.Send(new P.WorkItem { ActivityRequest = request, CompletionToken = token }))
        {
            await HandBackAsync(pending).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    public async Task CompleteOrchestrationAsync(P.OrchestratorResponse response)
    {
        var pending = Take(response.CompletionToken, PendingWorkItem.OrchestrationKey(response.InstanceId), "orchestration");
        try
        {
            var checkpoint = pending.Episode!.Apply(response, Time);
            await CommitAsync(pending.Episode.WorkItem, checkpoint).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            await AbandonAsync(pending).ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The response for instance '{response.InstanceId}' was refused: {e.Message}"));
        }
        finally
        {
            pending.Session.ReleaseOrchestrationSlot();
        }
    }

    public async Task CompleteActivityAsync(P.ActivityResponse response)
    {
        var pending = Take(response.CompletionToken, PendingWorkItem.ActivityKey(response.InstanceId, response.TaskId), "activity");
        try
        {
            var workItem = pending.Activity!;
            var scheduled = (TaskScheduledEvent)workItem.TaskMessage.Event;
            HistoryEvent outcome = response.FailureDetails is { } failure
                ? new TaskFailedEvent(-1, scheduled.EventId, failure.ErrorMessage, failure.StackTrace, ProtoConvert.FromProto(failure))
                : new TaskCompletedEvent(-1, scheduled.EventId, response.Result);
            var message = new TaskMessage { OrchestrationInstance = workItem.TaskMessage.OrchestrationInstance, Event = outcome };
            await Service.CompleteTaskActivityWorkItemAsync(workItem, message).ConfigureAwait(false);
        }
        finally
        {
            pending.Session.ReleaseActivitySlot();
        }
    }

    public async Task AbandonAsync(string completionToken, string kind)
    {
        var pending = Take(completionToken, string.Empty, kind);
        await AbandonAsync(pending).ConfigureAwait(false);
        Release(pending);
    }

    /// <summary>Hands back, at once, every work item a session still holds.</summary>
    public async Task HandBackAsync(WorkerSession session)
    {
        var held = _pending.TakeAll(session);
        foreach (var pending in held)
        {
            await AbandonAsync(pending).ConfigureAwait(false);
        }

        _logger.WorkerDisconnected(session.Id, session.Selector.Queue, held.Count);
    }

    public void FetchFailed(WorkerSession session, Exception exception) => _logger.FetchFailed(exception, session.Id);

    public void SessionStarted(WorkerSession session) => _servedQueues.AddOrUpdate(session.Selector.Queue, 1, (_, n) => n + 1);

    public void SessionEnded(WorkerSession session) => _servedQueues.AddOrUpdate(session.Selector.Queue, 0, (_, n) => Math.Max(0, n - 1));

    /// <summary>
    /// Ends terminated instances of a queue that no worker serves (a deployment run whose task died):
    /// a termination needs no orchestrator code, so the sidecar applies it itself. It stops at the first
    /// work item that needs a worker, and hands that item back.
    /// </summary>
    public async Task SettleTerminationsAsync(string queue, CancellationToken cancellationToken)
    {
        if (Backend.Routing is not { } routing || (_servedQueues.TryGetValue(queue, out var workers) && workers > 0))
        {
            return;
        }

        var selector = new WorkItemSelector(queue);
        while (await routing.LockNextTaskOrchestrationWorkItemAsync(selector, TimeSpan.Zero, cancellationToken).ConfigureAwait(false) is { } workItem)
        {
            var episode = new OrchestrationEpisode(workItem, Time);
            if (!episode.HasStart || !(episode.AlreadyFinal || episode.Termination is not null))
            {
                await Service.AbandonTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
                return;
            }

            await CommitAsync(workItem, episode.AlreadyFinal ? episode.Unchanged(Time) : episode.Terminate(Time)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync().ConfigureAwait(false);
        foreach (var pending in _pending.All.ToList())
        {
            await HandBackAsync(pending).ConfigureAwait(false);
        }
    }

    private async Task HandBackAsync(PendingWorkItem pending)
    {
        if (_pending.Take(pending.Token, pending.Key) is { } taken)
        {
            await AbandonAsync(taken).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(TaskOrchestrationWorkItem workItem, Checkpoint checkpoint)
    {
        await Service.CompleteTaskOrchestrationWorkItemAsync(
            workItem,
            checkpoint.RuntimeState,
            checkpoint.ActivityMessages,
            checkpoint.OrchestratorMessages,
            checkpoint.TimerMessages,
            checkpoint.ContinuedAsNewMessage!,
            checkpoint.State).ConfigureAwait(false);
        await Service.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
        Checkpoints.Checkpointed(workItem.InstanceId);
    }

    private PendingWorkItem Take(string? token, string key, string kind)
    {
        var pending = _pending.Take(token, key);
        if (pending is null || !pending.TrySettle())
        {
            throw new RpcException(new Status(
                StatusCode.NotFound,
                $"No {kind} work item with completion token '{token}' is outstanding: it was completed or handed back already, or its worker disconnected."));
        }

        return pending;
    }

    private static void Release(PendingWorkItem pending)
    {
        if (pending.Episode is null)
        {
            pending.Session.ReleaseActivitySlot();
        }
        else
        {
            pending.Session.ReleaseOrchestrationSlot();
        }
    }

    private async Task AbandonAsync(PendingWorkItem pending)
    {
        try
        {
            if (pending.Episode is { } episode)
            {
                await Service.AbandonTaskOrchestrationWorkItemAsync(episode.WorkItem).ConfigureAwait(false);
            }
            else
            {
                await Service.AbandonTaskActivityWorkItemAsync(pending.Activity!).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            _logger.AbandonFailed(e, pending.Kind, pending.Id);
        }
    }

    private async Task RenewLocksAsync()
    {
        foreach (var pending in _pending.All.ToList())
        {
            try
            {
                if (pending.Episode is { } episode)
                {
                    await Service.RenewTaskOrchestrationWorkItemLockAsync(episode.WorkItem).ConfigureAwait(false);
                }
                else
                {
                    pending.Activity = await Service.RenewTaskActivityWorkItemLockAsync(pending.Activity!).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                _logger.RenewFailed(e, pending.Kind, pending.Id);
            }
        }
    }
}
