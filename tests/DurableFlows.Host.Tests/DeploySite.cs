using DurableFlows.Bundles.Tests;

namespace DurableFlows.Host.Tests;

/// <summary>
/// A folder with a host.json for deploy and run tests: code storage on an s3rver bucket, SQLite storage,
/// a local work pool (the in-process ECS emulator on a free port) and the article's three deployments.
/// </summary>
internal sealed class DeploySite : IDisposable
{
    public DeploySite(S3rverFixture s3, string bucket, string extraStorage = "", string extraDeployments = "")
    {
        Bucket = bucket;
        File.WriteAllText(Path.Combine(Folder, "host.json"), $$"""
            {
              "version": "2.0",
              "extensions": { "durableTask": { "hubName": "Deploy", "storageProvider": { "type": "sqlite", "path": "flows.db" } } },
              "durableFlows": {
                "sidecar": { "address": "http://127.0.0.1:0" },
                "storage": { "type": "s3", "bucket": "{{bucket}}", "prefix": "flows", "region": "us-east-1", "serviceUrl": "{{s3.ServiceUrl}}", "forcePathStyle": true {{extraStorage}} },
                "workPools": {
                  "local": {
                    "type": "local", "serviceUrl": "http://127.0.0.1:{{EmulatedRunner.FreeLoopbackPort()}}", "cpu": 256, "memory": 512,
                    "env": { "Pipeline__TaskSeconds": "0.3", "DURABLEFLOWS_BUNDLE_CACHE": "{{Path.Combine(Folder, "cache")}}" }
                  }
                },
                "deployments": [
                  { "name": "Sub Flow1/sub-flow1-deployment", "workPool": "local", "infraOverrides": { "cpu": 512, "memory": 1024 } },
                  { "name": "Sub Flow2/sub-flow2-deployment", "workPool": "local", "infraOverrides": { "cpu": 1024, "memory": 2048 } },
                  { "name": "Sub Flow3/sub-flow3-deployment", "workPool": "local", "infraOverrides": { "cpu": 2048, "memory": 4096 } }{{extraDeployments}}
                ]
              }
            }
            """);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("durableflows-deploy-").FullName;

    public string Bucket { get; }

    public string ConfigPath => Path.Combine(Folder, "host.json");

    public static Dictionary<string, string> Credentials(string accessKey = "S3RVER", string secretKey = "S3RVER") => new(StringComparer.Ordinal)
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey,
        ["AWS_SECRET_ACCESS_KEY"] = secretKey,
        ["AWS_REGION"] = "us-east-1",
        ["Pipeline__TaskSeconds"] = "0.3",
    };

    public Task<(int ExitCode, string Output, string Errors)> DurableFlowsAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        HostProcess.RunAsync(Folder, environment, TimeSpan.FromMinutes(4), [.. arguments, "--config", ConfigPath]);

    public Task<(int ExitCode, string Output, string Errors)> DeployAsync(IReadOnlyDictionary<string, string>? environment = null) =>
        DurableFlowsAsync(
            environment ?? Credentials(),
            "deploy", "--project", Path.Combine(RepositoryPaths.Root, "Orchestrations"), "--project", Path.Combine(RepositoryPaths.Root, "Activities"));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
