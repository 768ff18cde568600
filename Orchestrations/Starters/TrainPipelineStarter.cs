using System.Text.Json;
using DurableFlows.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Orchestrations.Starters;

/// <summary>
/// A starter written as a user would write one: <c>POST /{routePrefix}/pipelines/train</c> checks its input and
/// starts <c>Main Flow</c>, replying with the Durable Functions check-status response. Copy it for your own flows.
/// </summary>
public sealed class TrainPipelineStarter : IHttpStarter
{
    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder starters) => starters.MapPost("/pipelines/train", StartAsync);

    private static async Task<IResult> StartAsync(HttpRequest request, [FromServices] DurableTaskClient client)
    {
        // The body is read here rather than bound as a parameter, so the API key is checked before it is read.
        var body = await JsonBody.ReadAsync(request, request.HttpContext.RequestAborted);
        if (body.Error is { } error)
        {
            return error;
        }

        var problem = Validate(body.Value, out var input);
        if (problem is not null)
        {
            return Results.BadRequest(new { message = problem });
        }

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(MainFlow.Name, input, request.HttpContext.RequestAborted);
        return client.CreateCheckStatusResponse(request, instanceId);
    }

    private static string? Validate(JsonElement? body, out TrainPipelineRequest input)
    {
        input = new TrainPipelineRequest(0, null);
        if (body is not { ValueKind: JsonValueKind.Object } json)
        {
            return "The body must be a JSON object such as {\"taskSeconds\": 0.01, \"label\": \"nightly\"}.";
        }

        double? seconds = null;
        string? label = null;
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "taskSeconds" when property.Value.ValueKind == JsonValueKind.Number
                    && property.Value.TryGetDouble(out var value) && value >= 0 && double.IsFinite(value):
                    seconds = value;
                    break;
                case "taskSeconds":
                    return $"taskSeconds = {property.Value.GetRawText()} is not valid; expected a number of seconds >= 0.";
                case "label" when property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                    label = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "label":
                    return $"label = {property.Value.GetRawText()} is not valid; expected a string or null.";
                default:
                    return $"Unknown field '{property.Name}'; expected taskSeconds and optionally label.";
            }
        }

        if (seconds is null)
        {
            return "taskSeconds is missing; expected a number of seconds >= 0.";
        }

        input = new TrainPipelineRequest(seconds.Value, label);
        return null;
    }
}
