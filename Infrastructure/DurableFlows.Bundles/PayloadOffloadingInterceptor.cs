using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DurableFlows.Bundles;

/// <summary>
/// Keeps large payloads out of the history and off the wire between a Durable Task worker or client and
/// the sidecar. Outgoing calls (activity results, orchestrator actions, new instances, raised events)
/// have every payload above the <see cref="PayloadStore"/> threshold written to storage under the
/// instance the call is about, and carry a <see cref="PayloadReference"/> instead; incoming work items and
/// instance states have references resolved and verified before the SDK reads them. Orchestrations,
/// activities and the HTTP API see their values; the history and the gRPC messages hold only references.
/// Purges do not pass through here: the sidecar knows which instances a purge removed and hands them to
/// <see cref="PayloadStore.DeleteForPurgedAsync"/>.
/// </summary>
/// <remarks>
/// This sits on the gRPC channel rather than in a <c>DataConverter</c> because a converter is not told
/// which instance it serializes for, and payloads must be filed per instance for a purge to find them.
/// </remarks>
public sealed class PayloadOffloadingInterceptor : Interceptor
{
    private readonly PayloadMessageRewriter _rewriter;

    /// <summary>Creates the interceptor.</summary>
    public PayloadOffloadingInterceptor(PayloadStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _rewriter = new PayloadMessageRewriter(store);
    }

    /// <summary>
    /// Offloads the payloads of a message about one instance (it has an <c>instanceId</c> field) before it is
    /// sent. The interceptor does this for every call; a worker also calls it where the SDK checks a
    /// message's size before the call, as it does for an orchestrator's actions.
    /// </summary>
    public async Task OffloadAsync(IMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (PayloadMessageRewriter.InstanceIdOf(message) is { } instanceId)
        {
            await _rewriter.OffloadAsync(message, instanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var started = StartAsync(request, context.Options.CancellationToken, r => continuation(r, context));
        return new AsyncUnaryCall<TResponse>(
            RespondAsync(started, context.Options.CancellationToken),
            HeadersAsync(started),
            () => started.IsCompletedSuccessfully ? started.Result.GetStatus() : new Status(StatusCode.Unknown, "The call was not sent."),
            () => started.IsCompletedSuccessfully ? started.Result.GetTrailers() : [],
            () =>
            {
                if (started.IsCompletedSuccessfully)
                {
                    started.Result.Dispose();
                }
            });
    }

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(
            new ResolvingReader<TResponse>(call.ResponseStream, _rewriter),
            call.ResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    private async Task<TCall> StartAsync<TRequest, TCall>(TRequest request, CancellationToken cancellationToken, Func<TRequest, TCall> send)
    {
        if (request is IMessage message)
        {
            await OffloadAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return send(request);
    }

    private async Task<TResponse> RespondAsync<TResponse>(Task<AsyncUnaryCall<TResponse>> started, CancellationToken cancellationToken)
    {
        var response = await (await started.ConfigureAwait(false)).ResponseAsync.ConfigureAwait(false);
        if (response is IMessage message)
        {
            await _rewriter.ResolveAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static async Task<Metadata> HeadersAsync<TResponse>(Task<AsyncUnaryCall<TResponse>> started) =>
        await (await started.ConfigureAwait(false)).ResponseHeadersAsync.ConfigureAwait(false);

    private sealed class ResolvingReader<T>(IAsyncStreamReader<T> inner, PayloadMessageRewriter rewriter) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (inner.Current is IMessage message)
            {
                await rewriter.ResolveAsync(message, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
    }
}
