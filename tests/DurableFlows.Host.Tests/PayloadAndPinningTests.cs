using System.Text.Json;
using Amazon.S3.Model;
using DurableFlows.Activities;
using DurableFlows.Bundles;
using DurableFlows.Bundles.Tests;
using DurableFlows.Deployments;
using DurableFlows.Host.Engine;
using DurableFlows.Http;
using DurableFlows.Orchestrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Host.Tests;

/// <summary>
/// The embedded engine with code storage on s3rver: a 10 MiB task output travels as a reference, every
/// kind of purge deletes the payloads of the instances it purged, and a deployment run keeps the bundle
/// it started with across a redeploy.
/// </summary>
[Collection(CodeStorageCollection.Name)]
public sealed class PayloadAndPinningTests : IDisposable
{
    private readonly S3rverFixture _s3;
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public PayloadAndPinningTests(S3rverFixture s3)
    {
        _s3 = s3;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Information));

        // The host reads S3 credentials from the standard AWS chain, as in production; the runners it
        // starts inherit them.
        foreach (var (name, value) in DeploySite.Credentials())
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose() => _loggerFactory.Dispose();

    [Fact]
    public async Task A_10_MiB_task_output_round_trips_while_the_history_holds_only_a_reference_and_purge_deletes_it()
    {
        using var site = new DeploySite(_s3, await _s3.CreateBucketAsync());
        await using var engine = await StartAsync(site);
        const string instanceId = "big-output";

        await engine.Client.ScheduleNewOrchestrationInstanceAsync(BigOutputFlow.Name, 10, new StartOrchestrationOptions(instanceId));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, patience.Token);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage} {done.FailureDetails?.StackTrace}");
        Assert.Equal(MakeBigText.Of(10), done.ReadOutputAs<string>());

        // What the store holds: references, not the 10 MiB.
        var state = Assert.Single(await engine.Backend.Client.GetOrchestrationStateAsync(instanceId, allExecutions: false));
        var reference = PayloadReference.TryParse(state.Output);
        Assert.NotNull(reference);
        Assert.True(state.Output.Length < 512, state.Output);
        var history = await engine.Backend.Client.GetOrchestrationHistoryAsync(instanceId, state.OrchestrationInstance.ExecutionId);
        Assert.True(history.Length < 16 * 1024, $"history is {history.Length} chars");
        Assert.Contains(PayloadReference.Marker, history, StringComparison.Ordinal);

        // The HTTP API reads through the same client: it shows the value, not the reference.
        Assert.Equal(MakeBigText.Of(10), await HttpOutputAsync(engine.Client, instanceId));

        var payloads = await KeysAsync(site.Bucket, $"flows/payloads/{instanceId}/");
        Assert.Equal([$"flows/{reference.Key}"], payloads);
        Assert.Equal(10 * 1024 * 1024 + 2, reference.Size);

        var purged = await engine.Client.PurgeInstanceAsync(instanceId);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Empty(await KeysAsync(site.Bucket, $"flows/payloads/{instanceId}/"));
    }

    [Fact]
    public async Task A_purge_by_filter_through_the_HTTP_API_deletes_the_payloads_of_the_instances_it_purged_and_of_no_other()
    {
        using var site = new DeploySite(_s3, await _s3.CreateBucketAsync());
        await using var engine = await StartAsync(site);
        await Task.WhenAll(ScheduleAsync(engine, BigOutputFlow.Name, "filtered-1"), ScheduleAsync(engine, BigOutputFlow.Name, "filtered-2"));
        var early = await Task.WhenAll(CompletedAsync(engine, "filtered-1"), CompletedAsync(engine, "filtered-2"));
        await ScheduleAsync(engine, BigOutputFlow.Name, "later");
        var later = await CompletedAsync(engine, "later");
        var from = early.Min(i => i.CreatedAt);
        var to = early.Max(i => i.CreatedAt);
        Assert.True(later.CreatedAt > to, $"'later' was created at {later.CreatedAt:o}, not after {to:o}");
        foreach (var id in new[] { "filtered-1", "filtered-2", "later" })
        {
            Assert.NotEmpty(await KeysAsync(site.Bucket, $"flows/payloads/{id}/"));
        }

        var (status, body) = await WithHttpApiAsync(engine.Client, async http =>
        {
            using var response = await http.DeleteAsync(
                $"/runtime/webhooks/durabletask/instances?createdTimeFrom={Uri.EscapeDataString(from.ToString("o"))}&createdTimeTo={Uri.EscapeDataString(to.ToString("o"))}&runtimeStatus=Completed");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        });

        Assert.True(status == System.Net.HttpStatusCode.OK, $"{status}: {body}");
        using var deleted = JsonDocument.Parse(body);
        Assert.Equal(2, deleted.RootElement.GetProperty("instancesDeleted").GetInt32());
        Assert.Empty(await KeysAsync(site.Bucket, "flows/payloads/filtered-1/"));
        Assert.Empty(await KeysAsync(site.Bucket, "flows/payloads/filtered-2/"));
        Assert.NotNull(await engine.Client.GetInstanceAsync("later"));
        Assert.NotEmpty(await KeysAsync(site.Bucket, "flows/payloads/later/"));
        Assert.Equal(MakeBigText.Of(1), (await engine.Client.GetInstanceAsync("later", getInputsAndOutputs: true))!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_recursive_purge_deletes_the_payloads_of_the_sub_orchestration_too()
    {
        using var site = new DeploySite(_s3, await _s3.CreateBucketAsync());
        await using var engine = await StartAsync(site);
        await ScheduleAsync(engine, BigOutputParent.Name, "nest");
        await CompletedAsync(engine, "nest");
        Assert.NotEmpty(await KeysAsync(site.Bucket, "flows/payloads/nest/"));
        Assert.NotEmpty(await KeysAsync(site.Bucket, "flows/payloads/nest-child/"));

        var purged = await engine.Client.PurgeInstanceAsync("nest", new PurgeInstanceOptions(Recursive: true));

        Assert.Equal(2, purged.PurgedInstanceCount);
        Assert.Null(await engine.Client.GetInstanceAsync("nest-child"));
        Assert.Empty(await KeysAsync(site.Bucket, "flows/payloads/"));
    }

    [Fact]
    public async Task A_run_in_flight_keeps_its_bundle_across_a_redeploy_and_its_crash_retry_reuses_it()
    {
        using var site = new DeploySite(_s3, await _s3.CreateBucketAsync(), extraDeployments: """, { "name": "Hungry Flow/hungry", "workPool": "local" }""");
        var builder = new CodeBundleBuilder();
        var first = await builder.BuildAsync(
            [Path.Combine(RepositoryPaths.Root, "Orchestrations"), Path.Combine(RepositoryPaths.Root, "Activities")], Path.Combine(site.Folder, "work1"));
        var second = await SameCodeAnotherBundleAsync(Path.Combine(site.Folder, "work1", "publish"), Path.Combine(site.Folder, "work2"));
        using var storage = _s3.Storage(site.Bucket);
        var deployer = new CodeDeployer(storage, builder, CodeStorageOptions.DefaultMaxBundleBytes, TimeProvider.System, NullLoggerFactory.Instance);
        DeploymentTarget[] hungry = [new("hungry", HungryFlow.Name)];
        await deployer.DeployAsync(first, hungry);
        await using var engine = await StartAsync(site);

        // 700 MiB does not fit the pool's 512: the first task dies out of memory after task a, and the
        // retry gets 2048 MiB. The redeploy lands after the run has started and before the retry.
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(PinnedParent.Name, 700, new StartOrchestrationOptions("pinned"));
        await WaitUntilAsync(async () => await engine.Client.GetInstanceAsync("pinned-run-1") is not null);
        await deployer.DeployAsync(second, hungry);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var pinned = await engine.Client.WaitForInstanceCompletionAsync("pinned", getInputsAndOutputs: true, patience.Token);
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(PinnedParent.Name, 1, new StartOrchestrationOptions("after"));
        var after = await engine.Client.WaitForInstanceCompletionAsync("after", getInputsAndOutputs: true, patience.Token);

        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, pinned.RuntimeStatus);
        Assert.Equal(["a", "allocate", "b"], pinned.ReadOutputAs<SubFlowResult>()!.Tasks);
        var loads = _logs.Lines.Where(l => l.Contains("Runner: loaded bundle", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, loads.Count);
        Assert.Equal(2, loads.Count(l => l.Contains(first.Sha256, StringComparison.Ordinal)));
        Assert.Contains(second.Sha256, loads[^1], StringComparison.Ordinal);
        Assert.Equal(first.Sha256, (await engine.Client.GetInstanceAsync("pinned-run-1"))!.Tags[DeploymentRunTags.BundleSha256]);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal(second.Sha256, (await engine.Client.GetInstanceAsync("after-run-1"))!.Tags[DeploymentRunTags.BundleSha256]);
    }

    private static Task<string?> HttpOutputAsync(DurableTaskClient client, string instanceId) =>
        WithHttpApiAsync(client, async http =>
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync($"/runtime/webhooks/durabletask/instances/{instanceId}"));
            return status.RootElement.GetProperty("output").GetString();
        });

    // The host's HTTP API over the engine's client, on loopback in development mode, for one exchange.
    private static async Task<T> WithHttpApiAsync<T>(DurableTaskClient client, Func<HttpClient, Task<T>> exchange)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(client);
        builder.Services.AddDurableFlowsHttpApi(new HttpApiOptions());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapDurableFlowsHttpApi();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var result = await exchange(http);
        await app.StopAsync();
        return result;
    }

    // A flow whose output, a text of 1 MiB, is over the 64 KiB threshold.
    private static Task<string> ScheduleAsync(EmbeddedEngine engine, string flow, string instanceId) =>
        engine.Client.ScheduleNewOrchestrationInstanceAsync(flow, 1, new StartOrchestrationOptions(instanceId));

    private static async Task<OrchestrationMetadata> CompletedAsync(EmbeddedEngine engine, string instanceId)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, patience.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instanceId}: {done.RuntimeStatus} {done.FailureDetails?.ErrorType}: {done.FailureDetails?.ErrorMessage}");
        return done;
    }

    private async Task<EmbeddedEngine> StartAsync(DeploySite site)
    {
        var (_, configuration, settings) = HostSettings.Load(site.ConfigPath);
        var catalog = FlowCatalog.FromAssemblies([typeof(MainFlow).Assembly, typeof(TaskA).Assembly, typeof(BigOutputFlow).Assembly]);
        return await EmbeddedEngine.StartAsync(settings, catalog, configuration, _loggerFactory, withWorker: true, CancellationToken.None);
    }

    // The same published flows with one more file: a bundle of another hash that runs the same code.
    private static async Task<CodeBundle> SameCodeAnotherBundleAsync(string published, string workDirectory)
    {
        var copy = Path.Combine(workDirectory, "copy");
        foreach (var file in Directory.EnumerateFiles(published, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(published, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await File.WriteAllTextAsync(Path.Combine(copy, "redeployed.txt"), "a later deploy");
        return await CodeBundleBuilder.ZipAsync(copy, workDirectory);
    }

    private async Task<List<string>> KeysAsync(string bucket, string prefix)
    {
        var listed = await _s3.RawClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return (listed.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(50, patience.Token);
        }
    }
}
