using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DurableFlows.Http;

/// <summary>A JSON reply with a status code and headers such as Location and Retry-After.</summary>
internal sealed class JsonReply(int statusCode, JsonNode? body, IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    public int StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (body is null)
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(body.ToJsonString(), httpContext.RequestAborted);
    }
}
