namespace DurableFlows.Aws.Ecs;

/// <summary>Error codes (the <c>__type</c> of an error response) this project looks at.</summary>
public static class EcsErrorCode
{
    /// <summary>The request was wrong on the caller's side (e.g. an unknown task definition).</summary>
    public const string ClientException = "ClientException";

    /// <summary>A parameter was invalid.</summary>
    public const string InvalidParameterException = "InvalidParameterException";

    /// <summary>The cluster does not exist.</summary>
    public const string ClusterNotFoundException = "ClusterNotFoundException";

    /// <summary>A server-side failure; worth retrying.</summary>
    public const string ServerException = "ServerException";

    /// <summary>The request rate is too high; worth retrying later.</summary>
    public const string ThrottlingException = "ThrottlingException";

    /// <summary>A clientToken was reused with different parameters.</summary>
    public const string ConflictException = "ConflictException";

    /// <summary>The caller lacks a permission.</summary>
    public const string AccessDeniedException = "AccessDeniedException";

    /// <summary>The access key is unknown.</summary>
    public const string UnrecognizedClientException = "UnrecognizedClientException";

    /// <summary>The signature does not match (wrong secret key, or a request altered in transit).</summary>
    public const string InvalidSignatureException = "InvalidSignatureException";

    /// <summary>The request was not signed.</summary>
    public const string MissingAuthenticationTokenException = "MissingAuthenticationTokenException";

    /// <summary>The operation named in X-Amz-Target does not exist.</summary>
    public const string UnknownOperationException = "UnknownOperationException";

    /// <summary>The request body is not valid JSON for the operation.</summary>
    public const string SerializationException = "SerializationException";
}
