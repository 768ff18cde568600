using System.Security.Cryptography;
using Amazon.Runtime.Internal.Auth;

namespace DurableFlows.Aws;

/// <summary>
/// AWS Signature Version 4 over the AWSSDK.Core signer: the canonical request, the signing key and
/// the signature all come from <see cref="AWS4Signer"/>, so a client that signs here and a server that
/// verifies here agree with every official SDK.
/// </summary>
public static class SigV4Signature
{
    /// <summary>The algorithm name in the Authorization header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The header that carries the signing time (<c>yyyyMMddTHHmmssZ</c>).</summary>
    public const string DateHeader = "X-Amz-Date";

    /// <summary>The header that carries a session token of temporary credentials.</summary>
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>The signing time format of <see cref="DateHeader"/>.</summary>
    public const string DateFormat = "yyyyMMddTHHmmssZ";

    /// <summary>Lower-case hex SHA-256 of a request body, as the canonical request wants it.</summary>
    public static string PayloadHash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>
    /// Builds the canonical request of a request without query string.
    /// </summary>
    /// <param name="method">The HTTP method, e.g. POST.</param>
    /// <param name="path">The URL path, e.g. <c>/</c>.</param>
    /// <param name="signedHeaders">Exactly the headers to sign, with their values as sent.</param>
    /// <param name="payloadHash">The body's hash from <see cref="PayloadHash"/>.</param>
    /// <param name="signedHeaderNames">The <c>SignedHeaders</c> value: lower-case names joined by <c>;</c>.</param>
    public static string CanonicalRequest(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>> signedHeaders,
        string payloadHash,
        out string signedHeaderNames)
    {
        var sorted = new SortedList<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in signedHeaders)
        {
            sorted[name.ToLowerInvariant()] = value;
        }

        signedHeaderNames = string.Join(';', sorted.Keys);
        return SdkCanonicalizer.Canonicalize(method, path, sorted, payloadHash);
    }

    /// <summary>The hex signature of a canonical request.</summary>
    public static string Signature(
        string accessKey, string secretKey, string region, string service, DateTime signedAt, string signedHeaderNames, string canonicalRequest) =>
        AWS4Signer.ComputeSignature(accessKey, secretKey, region, signedAt, service, signedHeaderNames, canonicalRequest).Signature;

    /// <summary>The value of the Authorization header for a canonical request.</summary>
    public static string Authorization(
        string accessKey, string secretKey, string region, string service, DateTime signedAt, string signedHeaderNames, string canonicalRequest) =>
        AWS4Signer.ComputeSignature(accessKey, secretKey, region, signedAt, service, signedHeaderNames, canonicalRequest).ForAuthorizationHeader;

    /// <summary>Reaches the SDK's canonicalization, which it exposes to derived signers only.</summary>
    private sealed class SdkCanonicalizer : AWS4Signer
    {
        private static readonly Uri _root = new("http://localhost/");

        public static string Canonicalize(string method, string path, IDictionary<string, string> sortedHeaders, string payloadHash) =>
            CanonicalizeRequest(_root, path, method, sortedHeaders, canonicalQueryString: string.Empty, payloadHash);
    }
}
