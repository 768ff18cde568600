using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DurableFlows.Deployments;

/// <summary>The ECS-side names of a run: its idempotency tokens and its <c>startedBy</c>.</summary>
public static class DeploymentRunNames
{
    private const int MaxClientToken = 64;

    /// <summary>
    /// Gets the RunTask <c>clientToken</c> of a launch: the run id, crash attempt and RunTask call, so a
    /// retried activity (or a restarted host) gets the same task back. Hashed when longer than ECS's 64
    /// ASCII characters.
    /// </summary>
    public static string ClientToken(string runId, int attempt, int launch)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var token = string.Create(CultureInfo.InvariantCulture, $"{runId}#{attempt}.{launch}");
        return token.Length <= MaxClientToken && Ascii.IsValid(token) ? token : Hex(token)[..MaxClientToken];
    }

    /// <summary>Gets <c>startedBy</c> for a run's tasks: <c>df-</c> and a hash of the run id, within ECS's 36 characters.</summary>
    public static string StartedBy(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return "df-" + Hex(runId)[..32];
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
