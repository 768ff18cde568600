using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

/// <summary>
/// Runs s3rver (npm) on a free loopback port for the tests of one class, and stops it afterwards.
/// s3rver knows one key pair, S3RVER/S3RVER.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "durableflows-s3rver-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public static BasicAWSCredentials Credentials { get; } = new("S3RVER", "S3RVER");

    public Uri ServiceUrl { get; private set; } = null!;

    public AmazonS3Client RawClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryPaths.NodeModules, "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed at {script}; run `npm ci --prefix tests/node` first.");
        }

        Directory.CreateDirectory(_dataDirectory);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver encrypts continuation tokens with DES, which Node's OpenSSL 3 has only in its legacy provider.
        foreach (var argument in new[] { "--openssl-legacy-provider", script, "-d", _dataDirectory, "-a", "127.0.0.1", "-p", "0", "--silent", "--no-vhost-buckets" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                listening.TrySetException(new InvalidOperationException("s3rver: " + line));
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ServiceUrl = new Uri($"http://127.0.0.1:{port}");
        RawClient = new AmazonS3Client(Credentials, new AmazonS3Config
        {
            ServiceURL = ServiceUrl.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public async Task DisposeAsync()
    {
        RawClient?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Creates a fresh bucket so each test sees only its own objects.</summary>
    public async Task<string> CreateBucketAsync()
    {
        var bucket = "test-" + Guid.NewGuid().ToString("N")[..20];
        await RawClient.PutBucketAsync(bucket);
        return bucket;
    }

    public CodeStorageOptions Options(string bucket, string prefix = "flows") => new()
    {
        Type = CodeStorageOptions.S3Type,
        Bucket = bucket,
        Prefix = prefix,
        ServiceUrl = ServiceUrl,
        ForcePathStyle = true,
        Region = "us-east-1",
    };

    public S3CodeStorage Storage(string bucket, string prefix = "flows", AWSCredentials? credentials = null)
        => new(Options(bucket, prefix), NullLogger<S3CodeStorage>.Instance, credentials ?? Credentials);

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
