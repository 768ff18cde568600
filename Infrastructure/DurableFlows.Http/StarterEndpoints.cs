using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Http;

/// <summary>
/// The built-in starter: <c>POST /{routePrefix}/orchestrators/{functionName}/{instanceId?}</c> (and the Durable
/// Functions 2.x webhook route). The JSON body is the input; the reply is the check-status response.
/// </summary>
internal static class StarterEndpoints
{
    private const int MaxInstanceIdLength = 100;

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/orchestrators/{functionName}/{instanceId?}", StartAsync);

    private static async Task<IResult> StartAsync(HttpRequest request, string functionName, string? instanceId, [FromServices] DurableTaskClient client)
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<HttpApiOptions>();
        if (!options.OrchestrationNames.Contains(functionName))
        {
            var known = string.Join(", ", options.OrchestrationNames.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
            return ApiError.Create(StatusCodes.Status404NotFound,
                $"Unknown orchestration '{functionName}'. Registered orchestrations: {(known.Length > 0 ? known : "(none)")}.");
        }

        if (instanceId is not null && InstanceIdProblem(instanceId) is { } problem)
        {
            return ApiError.Create(StatusCodes.Status400BadRequest, $"Instance ID '{instanceId}' is not valid: {problem}.");
        }

        var cancellation = request.HttpContext.RequestAborted;
        var body = await JsonBody.ReadAsync(request, cancellation);
        if (body.Error is { } error)
        {
            return error;
        }

        if (instanceId is not null
            && await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation) is { } existing
            && !ManagementEndpoints.IsTerminal(existing.RuntimeStatus))
        {
            return ApiError.Create(StatusCodes.Status409Conflict,
                $"An instance with ID '{instanceId}' already exists and is {existing.RuntimeStatus}.");
        }

        object? input = body.Value is { ValueKind: not JsonValueKind.Null } value ? value : null;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(functionName), input, new StartOrchestrationOptions(instanceId), cancellation);
        request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
            .CreateLogger(typeof(StarterEndpoints).FullName!).Started(functionName, id);
        return request.CreateCheckStatusResponse(id);
    }

    private static string? InstanceIdProblem(string instanceId)
    {
        if (instanceId.Length > MaxInstanceIdLength)
        {
            return $"it has {instanceId.Length} characters; at most {MaxInstanceIdLength} are allowed";
        }

        if (instanceId.StartsWith('@'))
        {
            return "it starts with '@', which is reserved for entities";
        }

        return instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            ? "it contains '/', '\\', '#', '?' or a control character"
            : null;
    }
}
