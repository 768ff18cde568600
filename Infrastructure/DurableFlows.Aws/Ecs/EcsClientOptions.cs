using Amazon.Runtime;

namespace DurableFlows.Aws.Ecs;

/// <summary>Where and how <see cref="EcsClient"/> calls ECS.</summary>
public sealed record EcsClientOptions
{
    /// <summary>
    /// The region, e.g. <c>eu-west-1</c>. When null, AWSSDK.Core's region chain decides
    /// (AWS_REGION, AWS_DEFAULT_REGION, the profile, instance metadata).
    /// </summary>
    public string? Region { get; init; }

    /// <summary>
    /// The endpoint, e.g. the local emulator's <c>http://127.0.0.1:4566</c>. When null it is
    /// <c>https://ecs.{region}.amazonaws.com</c>.
    /// </summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// The credentials. When null, AWSSDK.Core's default chain decides: environment variables,
    /// web identity, the shared profile, then the ECS container role or the EC2 instance role.
    /// </summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>How many times a throttled or 5xx call is retried after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first retry waits up to this long; each further retry doubles the cap.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No retry waits longer than this.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(20);
}
