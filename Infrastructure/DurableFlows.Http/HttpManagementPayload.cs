namespace DurableFlows.Http;

/// <summary>
/// The check-status payload of Durable Functions: the instance id and the management URLs for it.
/// Serialized with camelCase names (<c>statusQueryGetUri</c>...).
/// </summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the instance status.</param>
/// <param name="SendEventPostUri">POST: raise an event; replace <c>{eventName}</c>.</param>
/// <param name="TerminatePostUri">POST: terminate; replace <c>{text}</c> with a reason.</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the instance.</param>
/// <param name="RestartPostUri">POST: restart.</param>
/// <param name="SuspendPostUri">POST: suspend; replace <c>{text}</c> with a reason.</param>
/// <param name="ResumePostUri">POST: resume; replace <c>{text}</c> with a reason.</param>
public sealed record HttpManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri);
