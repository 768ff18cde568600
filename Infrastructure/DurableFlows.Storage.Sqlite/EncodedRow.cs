namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// A value serialized for a row: the JSON body with large strings replaced by references, the hashes it
/// references (each once, as a JSON array, or null) and the payloads to store for them.
/// </summary>
internal sealed record EncodedRow(string Body, string? PayloadRefs, IReadOnlyList<KeyValuePair<string, string>> Payloads);
