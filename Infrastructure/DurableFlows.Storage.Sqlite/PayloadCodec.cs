using System.Security.Cryptography;
using System.Text;
using DurableTask.Core.Serializing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// Serializes history events, messages and states with DurableTask.Core's own JSON converter, and moves
/// strings longer than the threshold (inputs, outputs, results) into the Payloads table under their
/// SHA-256. The same input passed to many activities, or an activity input that is both in the history
/// and in the activity row, is then stored once.
/// </summary>
internal sealed class PayloadCodec(int threshold)
{
    // A control character starts the marker, so a user string is never mistaken for a reference.
    private const string Marker = "\u0001durableflows-payload:";

    private static readonly JsonDataConverter _converter = JsonDataConverter.Default;

    public EncodedRow Encode(object value)
    {
        var json = _converter.Serialize(value);
        if (json.Length <= threshold)
        {
            return new EncodedRow(json, null, []);
        }

        var root = Parse(json);
        var payloads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in StringsOf(root))
        {
            if (token.Type == JTokenType.String && token.Value is string text && text.Length > threshold)
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
                payloads[hash] = text;
                token.Value = Marker + hash;
            }
        }

        if (payloads.Count == 0)
        {
            return new EncodedRow(json, null, []);
        }

        return new EncodedRow(root.ToString(Formatting.None), JsonConvert.SerializeObject(payloads.Keys), [.. payloads]);
    }

    public T Decode<T>(string body, string? payloadRefs, IReadOnlyDictionary<string, string> payloads)
    {
        if (payloadRefs is null)
        {
            return _converter.Deserialize<T>(body);
        }

        var root = Parse(body);
        foreach (var token in StringsOf(root))
        {
            if (token.Value is string text && text.StartsWith(Marker, StringComparison.Ordinal))
            {
                var hash = text[Marker.Length..];
                token.Value = payloads.TryGetValue(hash, out var payload)
                    ? payload
                    : throw new InvalidDataException($"Payload {hash} referenced by a stored row is missing from the Payloads table; the database is inconsistent.");
            }
        }

        return _converter.Deserialize<T>(root.ToString(Formatting.None));
    }

    /// <summary>Gets the hashes a row references, from its PayloadRefs column.</summary>
    public static IEnumerable<string> ReferencesOf(string? payloadRefs) =>
        payloadRefs is null ? [] : JsonConvert.DeserializeObject<string[]>(payloadRefs) ?? [];

    private static List<JValue> StringsOf(JToken root) =>
        root is JContainer container ? [.. container.Descendants().OfType<JValue>()] : [];

    // Dates stay strings, as DurableTask.Core's converter reads them.
    private static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }
}
