using System.Text.Json.Serialization;
using Microsoft.DurableTask;

namespace DurableFlows.Deployments;

/// <summary>A child flow's failure as the completion event carries it.</summary>
public sealed record DeploymentRunChildFailure
{
    /// <summary>Gets the exception type's name.</summary>
    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }

    /// <summary>Gets the exception message.</summary>
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the stack trace.</summary>
    [JsonPropertyName("stackTrace")]
    public string? StackTrace { get; init; }

    /// <summary>Converts to the SDK's failure type.</summary>
    public TaskFailureDetails ToTaskFailureDetails() =>
        new(ErrorType ?? "(unknown)", ErrorMessage ?? string.Empty, StackTrace, InnerFailure: null, Properties: null);
}
