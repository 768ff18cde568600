using System.Text.Json;

namespace DurableFlows.Sidecar;

/// <summary>JSON settings of the payloads the sidecar writes itself: camelCase, like the SDKs' converters.</summary>
internal static class SidecarJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
