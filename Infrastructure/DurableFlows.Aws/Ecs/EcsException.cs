using System.Net;

namespace DurableFlows.Aws.Ecs;

/// <summary>
/// An error response of ECS: the error code (the response's <c>__type</c>, e.g.
/// <c>ClusterNotFoundException</c>), its message and the HTTP status.
/// </summary>
public sealed class EcsException : Exception
{
    /// <summary>Creates the exception for an error response.</summary>
    public EcsException(string operation, string errorCode, string? errorMessage, HttpStatusCode statusCode, string? requestId)
        : base($"ECS {operation} failed with {errorCode} (HTTP {(int)statusCode}): {errorMessage ?? "no message"}")
    {
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The operation that failed, e.g. RunTask.</summary>
    public string Operation { get; }

    /// <summary>The error code, e.g. <c>ClusterNotFoundException</c>; see <see cref="EcsErrorCode"/>.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's message, as sent.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the response, for AWS support.</summary>
    public string? RequestId { get; }
}
