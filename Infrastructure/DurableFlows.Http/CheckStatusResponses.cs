using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DurableFlows.Http;

/// <summary>
/// The Durable Functions check-status reply for starters users write themselves: 202 Accepted, <c>Location</c> and
/// <c>Retry-After</c> headers, and the <see cref="HttpManagementPayload"/>. URLs use the request's scheme, host
/// and path base, carry <c>taskHub</c>, and carry the caller's key as <c>code</c> so that a client polling
/// <c>Location</c> without headers is still let in.
/// </summary>
public static class CheckStatusResponses
{
    /// <summary>The base path of the management API, as in Durable Functions 2.x.</summary>
    public const string WebhookPath = "/runtime/webhooks/durabletask";

    /// <summary>Seconds a check-status reply asks the client to wait before polling, as Durable Functions does.</summary>
    public const int RetryAfterSeconds = 10;

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the 202 check-status reply for an instance that was just started.</summary>
    public static IResult CreateCheckStatusResponse(this HttpRequest request, string instanceId)
    {
        var payload = CreateHttpManagementPayload(request, instanceId);
        return new JsonReply(
            StatusCodes.Status202Accepted,
            JsonSerializer.SerializeToNode(payload, PayloadJson),
            new Dictionary<string, string>
            {
                ["Location"] = payload.StatusQueryGetUri,
                ["Retry-After"] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture),
            });
    }

    /// <summary>
    /// Creates the 202 check-status reply, in the shape Durable Functions' isolated worker offers it
    /// (<c>client.CreateCheckStatusResponse(req, id)</c>), so starters port without change.
    /// </summary>
    public static IResult CreateCheckStatusResponse(this DurableTaskClient client, HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(client);
        return CreateCheckStatusResponse(request, instanceId);
    }

    /// <summary>Creates the management URLs of an instance, relative to the request's host.</summary>
    public static HttpManagementPayload CreateHttpManagementPayload(this HttpRequest request, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var options = request.HttpContext.RequestServices.GetRequiredService<HttpApiOptions>();
        var instance = $"{request.Scheme}://{request.Host}{request.PathBase}{WebhookPath}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = $"taskHub={Uri.EscapeDataString(options.TaskHub)}";
        if (!options.IsDevelopmentMode && ApiKeyFilter.PresentedKey(request) is { } key)
        {
            query += $"&code={Uri.EscapeDataString(key)}";
        }

        return new HttpManagementPayload(
            instanceId,
            $"{instance}?{query}",
            $"{instance}/raiseEvent/{{eventName}}?{query}",
            $"{instance}/terminate?reason={{text}}&{query}",
            $"{instance}?{query}",
            $"{instance}/restart?{query}",
            $"{instance}/suspend?reason={{text}}&{query}",
            $"{instance}/resume?reason={{text}}&{query}");
    }
}
