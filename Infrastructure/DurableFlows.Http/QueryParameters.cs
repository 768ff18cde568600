using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Http;

/// <summary>
/// The query parameters of the management API, read as Durable Functions names them. Unlike Durable Functions,
/// a value that does not parse is a 400 naming it, not silently ignored.
/// </summary>
internal static class QueryParameters
{
    public static bool Bool(HttpRequest request, string name, bool defaultValue)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return defaultValue;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new QueryParameterException($"Query parameter {name}={text} is not a boolean; expected true or false.");
    }

    public static int? PositiveInt(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new QueryParameterException($"Query parameter {name}={text} is not valid; expected a whole number greater than 0.");
    }

    public static DateTimeOffset? Time(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new QueryParameterException($"Query parameter {name}={text} is not a time; expected ISO 8601, such as 2026-01-31T12:00:00Z.");
    }

    public static List<OrchestrationRuntimeStatus>? Statuses(HttpRequest request, string name)
    {
        var items = request.Query[name]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (items.Count == 0)
        {
            return null;
        }

        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var item in items)
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(item, ignoreCase: true, out var status) || char.IsDigit(item[0]))
            {
                throw new QueryParameterException(
                    $"Query parameter {name} holds '{item}', which is not a runtime status; expected a comma list of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
            }

            statuses.Add(status);
        }

        return statuses;
    }
}
