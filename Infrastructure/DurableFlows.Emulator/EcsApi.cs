using System.Net;
using System.Text.Json;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator;

/// <summary>The HTTP face of the emulator: ECS's JSON 1.1 protocol, SigV4 checks and errors in ECS's shape.</summary>
internal sealed class EcsApi(EmulatedEcs ecs, RequestAuthenticator authenticator, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var operation = "unknown";
        try
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                throw new EcsApiException(HttpStatusCode.NotFound, EcsErrorCode.UnknownOperationException,
                    $"ECS takes POST requests, got {context.Request.Method} {context.Request.Path}.");
            }

            var target = context.Request.Headers["X-Amz-Target"].ToString();
            operation = target.StartsWith(EcsClient.TargetPrefix, StringComparison.Ordinal) ? target[EcsClient.TargetPrefix.Length..] : target;
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            authenticator.Verify(context.Request, body);

            object response = operation switch
            {
                "RunTask" => ecs.RunTask(Read<RunTaskRequest>(body)),
                "DescribeTasks" => ecs.DescribeTasks(Read<DescribeTasksRequest>(body)),
                "StopTask" => ecs.StopTask(Read<StopTaskRequest>(body)),
                "ListTasks" => ecs.ListTasks(Read<ListTasksRequest>(body)),
                "RegisterTaskDefinition" => ecs.RegisterTaskDefinition(Read<RegisterTaskDefinitionRequest>(body)),
                "DescribeTaskDefinition" => ecs.DescribeTaskDefinition(Read<DescribeTaskDefinitionRequest>(body)),
                _ => throw new EcsApiException(HttpStatusCode.BadRequest, EcsErrorCode.UnknownOperationException,
                    $"X-Amz-Target '{target}' is not an operation of the ECS emulator; it serves {EcsClient.TargetPrefix}" +
                    "RunTask, DescribeTasks, StopTask, ListTasks, RegisterTaskDefinition and DescribeTaskDefinition."),
            };

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = EcsClient.JsonContentType;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await JsonSerializer.SerializeAsync(context.Response.Body, response, response.GetType(), EcsJson.ApiOptions, context.RequestAborted);
        }
        catch (EcsApiException ex)
        {
            logger.RequestRejected(operation, ex.ErrorCode, ex.Message);
            await WriteErrorAsync(context, ex.StatusCode, ex.ErrorCode, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.RequestRejected(operation, EcsErrorCode.ServerException, ex.ToString());
            await WriteErrorAsync(context, HttpStatusCode.InternalServerError, EcsErrorCode.ServerException, ex.Message);
        }
    }

    private static T Read<T>(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body.Length == 0 ? "{}"u8 : body, EcsJson.ApiOptions)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new EcsApiException(HttpStatusCode.BadRequest, EcsErrorCode.SerializationException,
                $"The request body is not a valid {typeof(T).Name}: {ex.Message}");
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = EcsClient.JsonContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-ErrorType"] = code;
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string>
        {
            ["__type"] = code,
            ["message"] = message,
        }, EcsJson.ApiOptions);
    }
}
