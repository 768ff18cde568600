using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Http;

/// <summary>
/// Guards every API route: a key in <c>x-functions-key</c> or <c>?code=</c> (as Functions takes it), compared in
/// constant time; then the body size limit, answered with 413 before the handler reads anything.
/// </summary>
internal sealed class ApiKeyFilter(HttpApiOptions options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string KeyHeader = "x-functions-key";
    public const string KeyQuery = "code";

    // Comparing hashes makes every comparison the same length, so the time taken says nothing about the key.
    private readonly byte[][] _keyHashes = [.. options.ApiKeys.Select(Hash)];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!options.IsDevelopmentMode && !IsAuthorized(PresentedKey(http.Request)))
        {
            logger.Rejected(http.Request.Method, http.Request.Path, "missing or wrong API key");
            return ApiError.Create(StatusCodes.Status401Unauthorized,
                $"A valid API key is required in the '{KeyHeader}' header or the '{KeyQuery}' query parameter.");
        }

        if (http.Request.ContentLength > options.MaxRequestBodySize)
        {
            logger.Rejected(http.Request.Method, http.Request.Path, "request body too large");
            return ApiError.Create(StatusCodes.Status413PayloadTooLarge,
                $"The request body is {http.Request.ContentLength} bytes; the limit is {options.MaxRequestBodySize} bytes (durableFlows.http.maxRequestBodySize).");
        }

        // Bodies without Content-Length are cut off by Kestrel at the same limit while they are read.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBodySize;
        }

        return await next(context);
    }

    /// <summary>The key the caller presented, header first.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[KeyHeader].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var query = request.Query[KeyQuery].ToString();
        return query.Length > 0 ? query : null;
    }

    private bool IsAuthorized(string? presented)
    {
        if (presented is null)
        {
            return false;
        }

        var hash = Hash(presented);
        var matched = false;
        foreach (var key in _keyHashes)
        {
            // No early exit: every key is compared whatever the outcome.
            matched |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return matched;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
