using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DurableFlows.Http;

/// <summary>Error replies: a status code and <c>{"message": "..."}</c> that names what was wrong.</summary>
internal static class ApiError
{
    public static IResult Create(int statusCode, string message) =>
        Results.Content(new JsonObject { ["message"] = message }.ToJsonString(), "application/json; charset=utf-8", null, statusCode);
}
