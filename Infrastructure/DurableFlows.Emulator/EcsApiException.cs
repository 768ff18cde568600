using System.Net;

namespace DurableFlows.Emulator;

/// <summary>An error the emulator answers with, in ECS's JSON shape (<c>__type</c> and <c>message</c>).</summary>
internal sealed class EcsApiException(HttpStatusCode statusCode, string errorCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string ErrorCode { get; } = errorCode;

    public static EcsApiException InvalidParameter(string message) =>
        new(HttpStatusCode.BadRequest, Aws.Ecs.EcsErrorCode.InvalidParameterException, message);

    public static EcsApiException Client(string message) =>
        new(HttpStatusCode.BadRequest, Aws.Ecs.EcsErrorCode.ClientException, message);
}
