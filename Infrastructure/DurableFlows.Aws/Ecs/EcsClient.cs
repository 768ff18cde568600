using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using DurableFlows.Aws.Ecs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Aws.Ecs;

/// <summary>
/// A typed client of the ECS API (JSON 1.1 protocol, SigV4-signed), for the operations this project
/// uses. Throttling, 5xx answers and lost connections are retried with jittered exponential backoff;
/// other error answers throw <see cref="EcsException"/> with the service's error code and message.
/// </summary>
public sealed class EcsClient : IDisposable
{
    /// <summary>The signing name of ECS.</summary>
    public const string ServiceName = "ecs";

    /// <summary>The prefix of the X-Amz-Target header; the operation name follows it.</summary>
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    /// <summary>The content type of the JSON 1.1 protocol.</summary>
    public const string JsonContentType = "application/x-amz-json-1.1";

    // Codes that AWS SDKs treat as "slow down and try again", whatever the HTTP status.
    private static readonly HashSet<string> _retryableCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException", "ServerException",
        "ServiceUnavailable", "InternalFailure",
    };

    private readonly EcsClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AWSCredentials? _configuredCredentials;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials and retry settings.</param>
    /// <param name="httpClient">The HTTP client to send with; one is created (and disposed) when null.</param>
    /// <param name="logger">Where retries are logged.</param>
    /// <param name="timeProvider">The clock for signatures and retry delays.</param>
    /// <exception cref="InvalidOperationException">No region is configured and none can be found.</exception>
    public EcsClient(EcsClientOptions options, HttpClient? httpClient = null, ILogger<EcsClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);
        _options = options;
        _http = httpClient ?? new HttpClient();
        _ownsHttp = httpClient is null;
        _logger = logger ?? NullLogger<EcsClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _configuredCredentials = options.Credentials;
        Region = options.Region
            ?? FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: options.ServiceUrl is null)?.SystemName
            ?? (options.ServiceUrl is not null
                ? "us-east-1"
                : throw new InvalidOperationException(
                    "ECS region: none configured. Set EcsClientOptions.Region or the AWS_REGION environment variable, e.g. eu-west-1."));
        Endpoint = options.ServiceUrl ?? new Uri($"https://ecs.{Region}.amazonaws.com/");
    }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Starts tasks. A request without <see cref="RunTaskRequest.ClientToken"/> gets a fresh one, so
    /// that a retried attempt cannot start a second task.
    /// </summary>
    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var idempotent = request.ClientToken is null ? request with { ClientToken = Guid.NewGuid().ToString() } : request;
        return SendAsync<RunTaskRequest, RunTaskResponse>("RunTask", idempotent, cancellationToken);
    }

    /// <summary>Describes tasks; unknown ones come back in <see cref="DescribeTasksResponse.Failures"/>.</summary>
    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeTasksRequest, DescribeTasksResponse>("DescribeTasks", request, cancellationToken);

    /// <summary>Stops a task: SIGTERM to its containers, SIGKILL after their stop timeout.</summary>
    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<StopTaskRequest, StopTaskResponse>("StopTask", request, cancellationToken);

    /// <summary>Lists task ARNs (one page).</summary>
    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListTasksRequest, ListTasksResponse>("ListTasks", request, cancellationToken);

    /// <summary>Registers a new revision of a task definition family.</summary>
    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse>("RegisterTaskDefinition", request, cancellationToken);

    /// <summary>Describes a task definition revision (the latest when only the family is given).</summary>
    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse>("DescribeTaskDefinition", request, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
        where TResponse : new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, EcsJson.ApiOptions);
        var credentials = _configuredCredentials
            ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            string cause;
            try
            {
                var identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
                using var message = CreateSignedRequest(operation, body, identity);
                _logger.EcsCall(operation, Endpoint);
                using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return payload.Length == 0
                        ? new TResponse()
                        : JsonSerializer.Deserialize<TResponse>(payload, EcsJson.ApiOptions) ?? new TResponse();
                }

                var error = ReadError(operation, response, payload);
                if (!IsRetryable(error) || attempt > _options.MaxRetries)
                {
                    throw error;
                }

                cause = $"{error.ErrorCode}, HTTP {(int)error.StatusCode}";
            }
            catch (HttpRequestException ex) when (attempt <= _options.MaxRetries)
            {
                cause = ex.Message;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested && attempt <= _options.MaxRetries)
            {
                // HttpClient's own timeout, not the caller's cancellation.
                cause = ex.Message;
            }

            var delay = BackoffDelay(attempt);
            _logger.EcsRetry(operation, attempt, cause, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage CreateSignedRequest(string operation, byte[] body, ImmutableCredentials identity)
    {
        var signedAt = _time.GetUtcNow().UtcDateTime;
        var target = TargetPrefix + operation;
        var amzDate = signedAt.ToString(SigV4Signature.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", Endpoint.Authority),
            new("content-type", JsonContentType),
            new("x-amz-date", amzDate),
            new("x-amz-target", target),
        };
        if (identity.UseToken)
        {
            headers.Add(new("x-amz-security-token", identity.Token));
        }

        var canonical = SigV4Signature.CanonicalRequest(
            "POST", Endpoint.AbsolutePath, headers, SigV4Signature.PayloadHash(body), out var signedHeaderNames);
        var authorization = SigV4Signature.Authorization(
            identity.AccessKey, identity.SecretKey, Region, ServiceName, signedAt, signedHeaderNames, canonical);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        message.Headers.TryAddWithoutValidation(SigV4Signature.DateHeader, amzDate);
        if (identity.UseToken)
        {
            message.Headers.TryAddWithoutValidation(SigV4Signature.SecurityTokenHeader, identity.Token);
        }

        message.Headers.TryAddWithoutValidation("Authorization", authorization);
        return message;
    }

    private static EcsException ReadError(string operation, HttpResponseMessage response, byte[] payload)
    {
        string? code = null;
        string? text = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        code ??= property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        text ??= property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not an AWS error body (a proxy or load balancer answered): keep the status alone.
        }

        if (code is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var typeHeader))
        {
            code = typeHeader.FirstOrDefault();
        }

        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        return new EcsException(operation, NormalizeCode(code) ?? $"Http{(int)response.StatusCode}", text, response.StatusCode, requestId);
    }

    // "com.amazonaws.ecs#ClusterNotFoundException" and "ClusterNotFoundException:http://..." both mean ClusterNotFoundException.
    private static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? code[..colon] : code;
    }

    private static bool IsRetryable(EcsException error) =>
        (int)error.StatusCode >= 500
        || error.StatusCode == HttpStatusCode.TooManyRequests
        || _retryableCodes.Contains(error.ErrorCode);

    // "Full jitter": a uniform wait below an exponentially growing cap keeps many clients from retrying in step.
    private TimeSpan BackoffDelay(int attempt)
    {
        var cap = Math.Min(_options.RetryMaxDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(cap * Random.Shared.NextDouble());
    }
}
