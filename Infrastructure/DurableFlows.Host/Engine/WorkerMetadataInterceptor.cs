using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DurableFlows.Host.Engine;

/// <summary>
/// Adds the worker's queue and run token to every call it makes to the sidecar, as gRPC metadata.
/// The sidecar binds the GetWorkItems stream to that queue and checks the token against it.
/// </summary>
public sealed class WorkerMetadataInterceptor(string? queue, string? runToken) : Interceptor
{
    /// <summary>The metadata key naming the worker's queue.</summary>
    public const string QueueHeader = "x-durableflows-queue";

    /// <summary>The metadata key carrying a deployment run's token.</summary>
    public const string RunTokenHeader = "x-durableflows-run-token";

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithMetadata(context));

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithMetadata(context));

    /// <inheritdoc />
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithMetadata(context));

    private ClientInterceptorContext<TRequest, TResponse> WithMetadata<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        if (!string.IsNullOrEmpty(queue))
        {
            headers.Add(QueueHeader, queue);
        }

        if (!string.IsNullOrEmpty(runToken))
        {
            headers.Add(RunTokenHeader, runToken);
        }

        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
