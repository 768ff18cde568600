using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Host.Engine;

/// <summary>
/// The one JSON line <c>durableflows run</c> prints on stdout when a flow ends, for scripts to read.
/// </summary>
public static class RunStatusLine
{
    /// <summary>Formats an instance's final state.</summary>
    public static string Format(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var line = new JsonObject
        {
            ["instanceId"] = metadata.InstanceId,
            ["name"] = metadata.Name,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["output"] = ParseOrString(metadata.SerializedOutput),
            ["createdTime"] = metadata.CreatedAt.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
            ["lastUpdatedTime"] = metadata.LastUpdatedAt.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        };
        if (metadata.FailureDetails is { } failure)
        {
            line["failureDetails"] = new JsonObject
            {
                ["errorType"] = failure.ErrorType,
                ["errorMessage"] = failure.ErrorMessage,
            };
        }

        return line.ToJsonString();
    }

    // Outputs are JSON written by the data converter; anything else is shown as a string.
    private static JsonNode? ParseOrString(string? serialized)
    {
        if (serialized is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }
}
