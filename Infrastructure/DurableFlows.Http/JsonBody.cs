using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace DurableFlows.Http;

/// <summary>
/// A request body read as JSON within the API's size limit. Starters read the body this way, not by parameter
/// binding, so that the API key is checked before anything of the body is read.
/// </summary>
public sealed class JsonBody
{
    private JsonBody(JsonElement? value, IResult? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>Gets the parsed body; null when the body was empty.</summary>
    public JsonElement? Value { get; }

    /// <summary>Gets the reply to send instead: 400 for JSON that does not parse, 413 past the size limit.</summary>
    public IResult? Error { get; }

    /// <summary>Reads and parses the body.</summary>
    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellation);
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel raises 413 here when a body without Content-Length grows past the limit.
            return new JsonBody(null, ApiError.Create(e.StatusCode, $"The request body could not be read: {e.Message}"));
        }

        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return new JsonBody(null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return new JsonBody(document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return new JsonBody(null, ApiError.Create(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {e.Message}"));
        }
    }
}
