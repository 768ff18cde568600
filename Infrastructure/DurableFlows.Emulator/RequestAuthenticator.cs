using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using DurableFlows.Aws;
using DurableFlows.Aws.Ecs;
using Microsoft.AspNetCore.Http;

namespace DurableFlows.Emulator;

/// <summary>Checks a request's SigV4 signature against the configured key pair, answering as AWS does.</summary>
internal sealed class RequestAuthenticator(EcsEmulatorOptions options, TimeProvider time)
{
    private const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public void Verify(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            throw new EcsApiException(HttpStatusCode.BadRequest, EcsErrorCode.MissingAuthenticationTokenException, "Missing Authentication Token");
        }

        var (credential, signedHeaders, signature) = Parse(authorization);
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            throw Incomplete($"Credential should be 'ACCESSKEY/yyyyMMdd/region/service/aws4_request', got '{credential}'.");
        }

        if (!string.Equals(scope[0], options.AccessKey, StringComparison.Ordinal))
        {
            throw new EcsApiException(HttpStatusCode.Forbidden, EcsErrorCode.UnrecognizedClientException, "The security token included in the request is invalid.");
        }

        var amzDate = request.Headers[SigV4Signature.DateHeader].ToString();
        if (!DateTime.TryParseExact(amzDate, SigV4Signature.DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw Incomplete($"X-Amz-Date should be a time like 20240101T120000Z, got '{amzDate}'.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if ((now - signedAt).Duration() > options.MaxClockSkew)
        {
            throw new EcsApiException(HttpStatusCode.Forbidden, EcsErrorCode.InvalidSignatureException,
                $"Signature expired: {amzDate} is now earlier than {(now - options.MaxClockSkew).ToString(SigV4Signature.DateFormat, CultureInfo.InvariantCulture)} " +
                $"({now.ToString(SigV4Signature.DateFormat, CultureInfo.InvariantCulture)} - {options.MaxClockSkew.TotalMinutes} min.)");
        }

        var headers = signedHeaders.Split(';').Select(name => new KeyValuePair<string, string>(name, string.Join(',', request.Headers[name].ToArray())));
        var path = string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value;
        var canonical = SigV4Signature.CanonicalRequest(request.Method, path, headers, SigV4Signature.PayloadHash(body), out var names);
        var expected = SigV4Signature.Signature(options.AccessKey, options.SecretKey, scope[2], scope[3], signedAt, names, canonical);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            throw new EcsApiException(HttpStatusCode.Forbidden, EcsErrorCode.InvalidSignatureException, SignatureMismatch);
        }
    }

    private static (string Credential, string SignedHeaders, string Signature) Parse(string authorization)
    {
        if (!authorization.StartsWith(SigV4Signature.Algorithm + " ", StringComparison.Ordinal))
        {
            throw Incomplete($"Authorization header should start with '{SigV4Signature.Algorithm} ', got '{authorization.Split(' ')[0]}'.");
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[(SigV4Signature.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        return credential is null || signedHeaders is null || signature is null
            ? throw Incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.")
            : (credential, signedHeaders, signature);
    }

    private static EcsApiException Incomplete(string message) =>
        new(HttpStatusCode.BadRequest, "IncompleteSignatureException", message);
}
