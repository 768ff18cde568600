using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DurableFlows.Aws.Ecs;

/// <summary>
/// JSON settings of the ECS wire format: camelCase names, absent values left out, and timestamps as
/// epoch seconds (API) or ISO 8601 strings (EventBridge events).
/// </summary>
public static class EcsJson
{
    /// <summary>Settings for ECS API requests and responses (timestamps as epoch seconds).</summary>
    public static JsonSerializerOptions ApiOptions { get; } = Create(new EpochSecondsConverter());

    /// <summary>Settings for EventBridge events (timestamps as ISO 8601 strings).</summary>
    public static JsonSerializerOptions EventOptions { get; } = Create(new IsoTimestampConverter());

    private static JsonSerializerOptions Create(JsonConverter timestampConverter)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(timestampConverter);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static DateTimeOffset ReadEither(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)),
        JsonTokenType.String => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new JsonException($"Expected a timestamp as epoch seconds or an ISO 8601 string, got {reader.TokenType}."),
    };

    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadEither(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(decimal.Divide(value.ToUnixTimeMilliseconds(), 1000m));
    }

    private sealed class IsoTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadEither(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
