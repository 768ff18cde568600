using System.Text.Json;
using System.Text.Json.Serialization;

namespace DurableFlows.Bundles;

/// <summary>
/// The small JSON value that stands in the history for a payload kept in storage:
/// <c>{"$durableflows.payload":"s3://bucket/prefix/payloads/&lt;instanceId&gt;/&lt;sha256&gt;","key":"payloads/...","sha256":"...","size":123}</c>.
/// The first property's name marks it; the URI tells a reader where the value is.
/// </summary>
/// <param name="Uri">Where the payload is, such as <c>s3://bucket/prefix/payloads/abc/…</c>.</param>
/// <param name="Key">The payload's key in its storage.</param>
/// <param name="Sha256">The SHA-256 of the payload's UTF-8 bytes.</param>
/// <param name="Size">The payload's size in bytes.</param>
public sealed record PayloadReference(
    [property: JsonPropertyName(PayloadReference.Marker)] string Uri,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size)
{
    /// <summary>The property name that marks a payload reference.</summary>
    public const string Marker = "$durableflows.payload";

    private const string Prefix = "{\"" + Marker + "\":";

    /// <summary>Gets the reference as the JSON text that stands in the history.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a reference from serialized text, or returns null when the text is an ordinary value.</summary>
    /// <exception cref="PayloadException">The text is marked as a reference but malformed.</exception>
    public static PayloadReference? TryParse(string? text)
    {
        // A cheap prefix check first: nearly every value in a history is not a reference.
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var reference = JsonSerializer.Deserialize<PayloadReference>(text);
            if (reference is null || string.IsNullOrEmpty(reference.Key) || !Sha256Hex.IsValid(reference.Sha256) || reference.Size < 0)
            {
                throw new PayloadException(PayloadException.ReferenceInvalid, $"Payload reference {text} is incomplete; expected {Marker}, key, sha256 (64 hex digits) and size.");
            }

            return reference;
        }
        catch (JsonException exception)
        {
            throw new PayloadException($"Payload reference {text} is not valid JSON: {exception.Message}.", exception);
        }
    }
}
