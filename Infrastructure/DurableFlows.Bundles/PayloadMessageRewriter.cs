using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace DurableFlows.Bundles;

/// <summary>
/// Walks Durable Task protocol messages and swaps payloads for references (outgoing) or references for
/// payloads (incoming). Payloads are the optional string fields <c>input</c>, <c>result</c>, <c>output</c>,
/// <c>data</c> and <c>customStatus</c> at any depth; names, versions and ids are never touched.
/// </summary>
internal sealed class PayloadMessageRewriter(PayloadStore store)
{
    private static readonly HashSet<string> PayloadFields = new(StringComparer.Ordinal) { "input", "result", "output", "data", "customStatus" };

    // What an orchestrator scheduled is recorded in its history but not read on replay: resolving these
    // would download every activity input again on each episode for nothing.
    private static readonly HashSet<string> NotReadOnReplay = new(StringComparer.Ordinal) { "TaskScheduledEvent", "SubOrchestrationInstanceCreatedEvent", "EventSentEvent" };

    /// <summary>Replaces every payload above the threshold in <paramref name="message"/> by a reference filed under <paramref name="instanceId"/>.</summary>
    public async Task OffloadAsync(IMessage message, string instanceId, CancellationToken cancellationToken)
    {
        // Nearly every message is small, and a message within the threshold holds no field above it.
        if (message.CalculateSize() <= store.ThresholdBytes)
        {
            return;
        }

        foreach (var (owner, field, value) in Payloads(message, skip: null))
        {
            if (value.Length > store.ThresholdBytes / 3 && PayloadReference.TryParse(value) is null)
            {
                var offloaded = await store.OffloadAsync(instanceId, value, cancellationToken).ConfigureAwait(false);
                if (!ReferenceEquals(offloaded, value))
                {
                    field.Accessor.SetValue(owner, offloaded);
                }
            }
        }
    }

    /// <summary>Replaces every reference in <paramref name="message"/> by the verified payload it stands for.</summary>
    /// <exception cref="PayloadException">A payload is missing or damaged.</exception>
    public async Task ResolveAsync(IMessage message, CancellationToken cancellationToken)
    {
        foreach (var (owner, field, value) in Payloads(message, NotReadOnReplay))
        {
            if (!value.Contains(PayloadReference.Marker, StringComparison.Ordinal))
            {
                continue;
            }

            var resolved = PayloadReference.TryParse(value) is not null
                ? await store.ResolveAsync(value, cancellationToken).ConfigureAwait(false)
                : await ResolveNestedAsync(value, cancellationToken).ConfigureAwait(false);
            field.Accessor.SetValue(owner, resolved);
        }
    }

    /// <summary>Gets the instance id a request is about, or null when it names none.</summary>
    public static string? InstanceIdOf(IMessage message)
    {
        var field = message.Descriptor.FindFieldByName("instanceId");
        return field is { FieldType: FieldType.String, IsRepeated: false } && field.Accessor.GetValue(message) is string { Length: > 0 } id ? id : null;
    }

    // A value that carries another instance's serialized value inside it (the completion event of a
    // deployment run holds the child's output as a JSON string): references among its strings are resolved.
    private async Task<string> ResolveNestedAsync(string value, CancellationToken cancellationToken)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return value;
        }

        if (root is null)
        {
            return value;
        }

        var changed = false;
        foreach (var leaf in Strings(root).ToList())
        {
            var text = leaf.GetValue<string>();
            if (PayloadReference.TryParse(text) is not null)
            {
                leaf.ReplaceWith(JsonValue.Create(await store.ResolveAsync(text, cancellationToken).ConfigureAwait(false)));
                changed = true;
            }
        }

        return changed ? root.ToJsonString() : value;
    }

    private static IEnumerable<JsonValue> Strings(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Strings),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Strings),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value],
        _ => [],
    };

    private static IEnumerable<(IMessage Owner, FieldDescriptor Field, string Value)> Payloads(IMessage message, HashSet<string>? skip)
    {
        if (skip?.Contains(message.Descriptor.Name) == true)
        {
            yield break;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            if (field.MessageType == StringValue.Descriptor)
            {
                if (!field.IsRepeated && PayloadFields.Contains(field.Name) && field.Accessor.GetValue(message) is string { Length: > 0 } value)
                {
                    yield return (message, field, value);
                }

                continue;
            }

            if (field.IsMap)
            {
                continue;
            }

            var children = field.IsRepeated
                ? ((System.Collections.IEnumerable)field.Accessor.GetValue(message)).OfType<IMessage>()
                : field.Accessor.GetValue(message) is IMessage child ? [child] : [];
            foreach (var nested in children.ToList())
            {
                foreach (var payload in Payloads(nested, skip))
                {
                    yield return payload;
                }
            }
        }
    }
}
