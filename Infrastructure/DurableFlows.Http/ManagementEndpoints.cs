using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Http;

/// <summary>
/// The instance management webhooks of Durable Functions 2.x under <c>/runtime/webhooks/durabletask</c>, with the
/// same routes, verbs, query parameters, status codes, headers and JSON shapes.
/// </summary>
internal static class ManagementEndpoints
{
    private const string ContinuationHeader = "x-ms-continuation-token";

    public static void Map(IEndpointRouteBuilder management)
    {
        management.MapGet("/instances/{instanceId}", GetStatus);
        management.MapGet("/instances", ListInstances);
        management.MapDelete("/instances/{instanceId}", Purge);
        management.MapDelete("/instances", PurgeMany);
        management.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEvent);
        management.MapPost("/instances/{instanceId}/terminate", Terminate);
        management.MapPost("/instances/{instanceId}/suspend", Suspend);
        management.MapPost("/instances/{instanceId}/resume", Resume);
        management.MapPost("/instances/{instanceId}/restart", Restart);
    }

    // Canceled is unused by the SDK but still a terminal status a backend may report.
#pragma warning disable CS0618
    public static bool IsTerminal(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
#pragma warning restore CS0618

    public static IResult NotFound(string instanceId) =>
        ApiError.Create(StatusCodes.Status404NotFound, $"No orchestration instance with ID '{instanceId}'.");

    private static Task<IResult> GetStatus(HttpRequest request, string instanceId, [FromServices] DurableTaskClient client) => Guarded(async () =>
    {
        var options = Options(request);
        var showHistory = QueryParameters.Bool(request, "showHistory", false);
        var showHistoryOutput = QueryParameters.Bool(request, "showHistoryOutput", false);
        var showInput = QueryParameters.Bool(request, "showInput", true);
        var failAs500 = QueryParameters.Bool(request, "returnInternalServerErrorOnFailure", false);
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        var history = showHistory
            ? InstanceJson.History(await client.GetOrchestrationHistoryAsync(instanceId, request.HttpContext.RequestAborted), showHistoryOutput)
            : null;
        var body = InstanceJson.Status(instance, showInput, history);
        // Not terminal (running, pending, suspended, continued as new): 202 with Location, as Durable Functions answers.
        return !IsTerminal(instance.RuntimeStatus) ? new JsonReply(
                    StatusCodes.Status202Accepted,
                    body,
                    new Dictionary<string, string>
                    {
                        ["Location"] = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
                        ["Retry-After"] = options.StatusRetryAfterSeconds.ToString(CultureInfo.InvariantCulture),
                    })
            : new JsonReply(
                instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && failAs500 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK,
                body);
    });

    private static Task<IResult> ListInstances(HttpRequest request, [FromServices] DurableTaskClient client) => Guarded(async () =>
    {
        var showInput = QueryParameters.Bool(request, "showInput", true);
        var top = QueryParameters.PositiveInt(request, "top") ?? OrchestrationQuery.DefaultPageSize;
        var continuation = request.Headers[ContinuationHeader].ToString() is { Length: > 0 } token ? token : null;
        var query = new OrchestrationQuery(
            CreatedFrom: QueryParameters.Time(request, "createdTimeFrom"),
            CreatedTo: QueryParameters.Time(request, "createdTimeTo"),
            Statuses: QueryParameters.Statuses(request, "runtimeStatus"),
            InstanceIdPrefix: request.Query["instanceIdPrefix"].ToString() is { Length: > 0 } prefix ? prefix : null,
            PageSize: top,
            FetchInputsAndOutputs: true,
            ContinuationToken: continuation);
        var array = new JsonArray();
        string? next = null;
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(continuation, top).WithCancellation(request.HttpContext.RequestAborted))
        {
            foreach (var instance in page.Values)
            {
                array.Add(InstanceJson.Status(instance, showInput));
            }

            next = page.ContinuationToken;
            break;
        }

        var headers = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(next))
        {
            headers[ContinuationHeader] = next;
        }

        return new JsonReply(StatusCodes.Status200OK, array, headers);
    });

    private static Task<IResult> Purge(HttpRequest request, string instanceId, [FromServices] DurableTaskClient client) => Guarded(async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (!IsTerminal(instance.RuntimeStatus))
        {
            return ApiError.Create(StatusCodes.Status412PreconditionFailed,
                $"Only orchestrations in a terminal state can be purged, but instance '{instanceId}' is {instance.RuntimeStatus}.");
        }

        var result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellation);
        Logger(request).Managed("Purged", instanceId);
        return Deleted(result.PurgedInstanceCount);
    });

    private static Task<IResult> PurgeMany(HttpRequest request, [FromServices] DurableTaskClient client) => Guarded(async () =>
    {
        var from = QueryParameters.Time(request, "createdTimeFrom")
            ?? throw new QueryParameterException("Query parameter createdTimeFrom is required to purge instances by filter; expected ISO 8601, such as 2026-01-31T12:00:00Z.");
        var to = QueryParameters.Time(request, "createdTimeTo") ?? Clock(request).GetUtcNow();
        var filter = new PurgeInstancesFilter(from, to, QueryParameters.Statuses(request, "runtimeStatus"));
        var result = await client.PurgeAllInstancesAsync(filter, cancellation: request.HttpContext.RequestAborted);
        return result.PurgedInstanceCount == 0
            ? ApiError.Create(StatusCodes.Status404NotFound, "No instance matched the filter; nothing was purged.")
            : Deleted(result.PurgedInstanceCount);
    });

    private static Task<IResult> RaiseEvent(HttpRequest request, string instanceId, string eventName, [FromServices] DurableTaskClient client) => Guarded(async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        if (await RefusalUnlessActiveAsync(client, instanceId, cancellation) is { } refusal)
        {
            return refusal;
        }

        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiError.Create(StatusCodes.Status400BadRequest,
                $"Content-Type '{request.ContentType}' is not supported; only application/json event data is accepted.");
        }

        var body = await JsonBody.ReadAsync(request, cancellation);
        if (body.Error is { } error)
        {
            return error;
        }

        await client.RaiseEventAsync(instanceId, eventName, body.Value, cancellation);
        Logger(request).Managed($"Raised event '{eventName}' on", instanceId);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    });

    private static Task<IResult> Terminate(HttpRequest request, string instanceId, [FromServices] DurableTaskClient client) =>
        Control(request, instanceId, client, "Terminated", (reason, ct) => client.TerminateInstanceAsync(instanceId, reason, ct));

    private static Task<IResult> Suspend(HttpRequest request, string instanceId, [FromServices] DurableTaskClient client) =>
        Control(request, instanceId, client, "Suspended", (reason, ct) => client.SuspendInstanceAsync(instanceId, reason, ct));

    private static Task<IResult> Resume(HttpRequest request, string instanceId, [FromServices] DurableTaskClient client) =>
        Control(request, instanceId, client, "Resumed", (reason, ct) => client.ResumeInstanceAsync(instanceId, reason, ct));

    private static Task<IResult> Control(
        HttpRequest request, string instanceId, DurableTaskClient client, string operation, Func<string?, CancellationToken, Task> apply) => Guarded(async () =>
    {
        var cancellation = request.HttpContext.RequestAborted;
        if (await RefusalUnlessActiveAsync(client, instanceId, cancellation) is { } refusal)
        {
            return refusal;
        }

        var reason = request.Query["reason"].ToString();
        await apply(reason.Length > 0 ? reason : null, cancellation);
        Logger(request).Managed(operation, instanceId);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    });

    private static Task<IResult> Restart(HttpRequest request, string instanceId, [FromServices] DurableTaskClient client) => Guarded(async () =>
    {
        // Durable Functions restarts under a new instance id unless told otherwise.
        var withNewId = QueryParameters.Bool(request, "restartWithNewInstanceId", true);
        var cancellation = request.HttpContext.RequestAborted;
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (instance is null)
        {
            return ApiError.Create(StatusCodes.Status400BadRequest,
                $"InstanceId '{instanceId}' does not match a valid orchestration instance.");
        }

        if (!withNewId && !IsTerminal(instance.RuntimeStatus))
        {
            return ApiError.Create(StatusCodes.Status409Conflict,
                $"Instance '{instanceId}' is {instance.RuntimeStatus}; a non-terminal instance cannot be restarted under the same ID.");
        }

        var newId = await client.RestartAsync(instanceId, withNewId, cancellation);
        Logger(request).Managed("Restarted", instanceId);
        return request.CreateCheckStatusResponse(newId);
    });

    /// <summary>404 for an unknown instance, 410 for a finished one (as Durable Functions answers), else null.</summary>
    private static async Task<IResult?> RefusalUnlessActiveAsync(DurableTaskClient client, string instanceId, CancellationToken cancellation)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        return IsTerminal(instance.RuntimeStatus) ? Gone(instanceId, instance.RuntimeStatus) : null;
    }

    private static IResult Gone(string instanceId, OrchestrationRuntimeStatus status) =>
        ApiError.Create(StatusCodes.Status410Gone, $"Instance '{instanceId}' is {status}; it accepts no more operations.");

    private static JsonReply Deleted(int count) =>
        new(StatusCodes.Status200OK, new JsonObject { ["instancesDeleted"] = count });

    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (QueryParameterException e)
        {
            return ApiError.Create(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static HttpApiOptions Options(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<HttpApiOptions>();

    private static TimeProvider Clock(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<TimeProvider>();

    private static ILogger Logger(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ManagementEndpoints).FullName!);
}
