using System.Security.Cryptography;
using System.Text;

namespace DurableFlows.Deployments;

/// <summary>
/// Run tokens: HMAC-SHA256 of the run id under a host secret. A token opens the run's own queue
/// <c>run-{id}</c> and nothing else.
/// </summary>
/// <remarks>
/// Derived rather than random so that nothing has to be stored, a host restart re-derives the same token
/// (a runner started before the restart stays authorised), and a retried RunTask carries byte-for-byte the
/// same parameters under its idempotency token.
/// </remarks>
public sealed class DeploymentRunTokens
{
    private const int SecretBytes = 32;
    private readonly byte[] _secret;

    /// <summary>Initializes a new instance of the <see cref="DeploymentRunTokens"/> class.</summary>
    /// <param name="secret">The host secret, at least 16 bytes.</param>
    public DeploymentRunTokens(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException($"The run token secret has {secret.Length} bytes; expected at least 16.", nameof(secret));
        }

        _secret = secret.ToArray();
    }

    /// <summary>
    /// Uses the secret in <paramref name="configuredSecret"/> (such as <c>durableFlows:runTokenSecret</c>),
    /// else the one in <paramref name="secretFile"/>, creating that file with a random secret the first time.
    /// </summary>
    public static DeploymentRunTokens FromSecret(string? configuredSecret, string secretFile)
    {
        ArgumentNullException.ThrowIfNull(secretFile);
        if (!string.IsNullOrEmpty(configuredSecret))
        {
            return new DeploymentRunTokens(Encoding.UTF8.GetBytes(configuredSecret));
        }

        if (!File.Exists(secretFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(secretFile))!);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));
            try
            {
                using var file = new FileStream(secretFile, FileMode.CreateNew, FileAccess.Write);
                file.Write(Encoding.ASCII.GetBytes(fresh));
            }
            catch (IOException) when (File.Exists(secretFile))
            {
                // Another process created it first; use theirs.
            }
        }

        return new DeploymentRunTokens(Convert.FromBase64String(File.ReadAllText(secretFile).Trim()));
    }

    /// <summary>Gets the token of a run.</summary>
    public string TokenFor(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var mac = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(runId));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// Decides whether a worker may serve <paramref name="queue"/> with <paramref name="runToken"/>: a run
    /// queue needs that run's token; any other queue must come without a run token. Null means allowed;
    /// otherwise the reason it is not.
    /// </summary>
    public string? Authorize(string? queue, string? runToken)
    {
        var runId = DeploymentRunIds.RunIdOfQueue(queue);
        if (runId is null)
        {
            return string.IsNullOrEmpty(runToken) ? null : $"a run token only opens its run's queue (run-<id>), not '{queue ?? "default"}'";
        }

        if (string.IsNullOrEmpty(runToken))
        {
            return $"queue '{queue}' is a deployment run's queue; the worker must present its run token";
        }

        var expected = Encoding.ASCII.GetBytes(TokenFor(runId));
        var given = Encoding.ASCII.GetBytes(runToken);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : $"the run token is not valid for queue '{queue}'";
    }
}
