using System.CommandLine;
using DurableFlows.Bundles;
using DurableFlows.Deployments;
using DurableFlows.Host.Engine;
using Microsoft.DurableTask.Protobuf;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host;

/// <summary>
/// <c>durableflows runner</c>: what an ECS task of a deployment run executes. It serves the run's queue
/// with the run's token until the child flow is final, then exits 0 if it completed and 1 otherwise.
/// When the run names a code bundle, the flows come from that bundle (downloaded once per hash into a
/// cache on the task's disk, SHA-256 verified, loaded in their own load context); otherwise from the
/// flows built into this program.
/// </summary>
internal static class RunnerCommand
{
    /// <summary>The variable naming the bundle cache folder; default <c>durableflows/bundles</c> under the temp folder.</summary>
    public const string BundleCacheVariable = "DURABLEFLOWS_BUNDLE_CACHE";

    public static Command Create(Option<string?> configOption)
    {
        var command = new Command(
            "runner",
            "Run one deployment run inside its ECS task (reads DURABLEFLOWS_* variables); exit 0 if the flow completed, 1 otherwise.")
        {
            configOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(configOption), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, CancellationToken cancellationToken)
    {
        DeploymentRunnerEnvironment environment;
        try
        {
            environment = DeploymentRunnerEnvironment.Read(Environment.GetEnvironmentVariable);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var (_, configuration, settings) = HostSettings.Load(configPath);
        using var loggerFactory = HostLogging.Create(configuration);
        var logger = loggerFactory.CreateLogger("DurableFlows.Runner");
        using var storage = FlowStorage.Open(settings, loggerFactory);
        using var flows = await LoadFlowsAsync(environment, storage, loggerFactory, logger, cancellationToken).ConfigureAwait(false);
        if (flows.Refusal is null && !flows.HasFlow(environment.Flow))
        {
            Console.Error.WriteLine($"durableflows runner: {flows.UnknownFlow(environment.Flow)}");
            return 2;
        }

        var runner = new DeploymentRunner(TimeProvider.System, loggerFactory.CreateLogger<DeploymentRunner>());
        return await runner.RunAsync(
            environment,
            async (run, ct) =>
            {
                var worker = await WorkerHost.StartAsync(
                    new WorkerHostOptions
                    {
                        SidecarAddress = run.SidecarAddress,
                        Catalog = flows.Catalog,
                        Configuration = configuration,
                        Queue = run.Queue,
                        RunToken = run.RunToken,
                        Payloads = storage.Payloads,
                        RegisterTasks = flows.RegisterTasks,
                        BeforeOrchestratorResponse = (response, ct) => PersistResultAsync(response, run.InstanceId, storage, logger, ct),
                    },
                    loggerFactory,
                    ct).ConfigureAwait(false);
                return new DeploymentRunnerWorker(worker.Client, worker);
            },
            cancellationToken).ConfigureAwait(false);
    }

    // Prefect's result persistence: the run's output becomes an object users can read. It is written before
    // the completion is sent, so it exists by the time the parent learns the run completed.
    private static async Task PersistResultAsync(OrchestratorResponse response, string runId, FlowStorage storage, ILogger logger, CancellationToken cancellationToken)
    {
        var completed = response.InstanceId == runId
            ? response.Actions.Select(a => a.CompleteOrchestration).FirstOrDefault(c => c?.OrchestrationStatus == OrchestrationStatus.Completed)
            : null;
        if (completed is null)
        {
            return;
        }

        try
        {
            var output = await storage.Payloads.ResolveAsync(completed.Result, cancellationToken).ConfigureAwait(false);
            var uri = await storage.Results.WriteAsync(runId, output, cancellationToken).ConfigureAwait(false);
            logger.ResultPersisted(runId, uri);
        }
        catch (Exception e) when (e is CodeStorageException or PayloadException or IOException)
        {
            // The run's outcome does not depend on its copy for users.
            logger.ResultNotPersisted(runId, e.Message);
        }
    }

    private static async Task<RunnerFlows> LoadFlowsAsync(DeploymentRunnerEnvironment environment, FlowStorage storage, ILoggerFactory loggerFactory, ILogger logger, CancellationToken cancellationToken)
    {
        if (environment.BundleSha256 is null && environment.BundleUri is null)
        {
            return RunnerFlows.BuiltIn(FlowCatalog.BuiltIn());
        }

        try
        {
            var sha256 = environment.BundleSha256
                ?? throw new BundleIntegrityException(BundleIntegrityException.HashMismatch, $"{DeploymentRunnerEnvironment.BundleUriVariable} = {environment.BundleUri} is set without {DeploymentRunnerEnvironment.BundleSha256Variable}; a bundle is loaded only against the hash its run was pinned to.");
            if (!Sha256Hex.IsValid(sha256))
            {
                throw new BundleIntegrityException(BundleIntegrityException.HashMismatch, $"{DeploymentRunnerEnvironment.BundleSha256Variable} = '{sha256}' is not a SHA-256; expected 64 lowercase hex digits.");
            }

            var expected = storage.Storage.GetUri(CodeStorageLayout.BundleKey(sha256));
            if (environment.BundleUri is { } uri && uri != expected)
            {
                throw new BundleNotFoundException($"The run names bundle {uri}, but this runner's code storage (durableFlows.storage) keeps it at {expected}; give the runner the same durableFlows.storage as the host that deployed it.");
            }

            var cache = Environment.GetEnvironmentVariable(BundleCacheVariable) is { Length: > 0 } folder
                ? folder
                : Path.Combine(Path.GetTempPath(), "durableflows", "bundles");
            var fetched = await new CodeBundleFetcher(storage.Storage, cache, loggerFactory.CreateLogger<CodeBundleFetcher>()).FetchAsync(sha256, cancellationToken).ConfigureAwait(false);
            var loaded = FlowAssemblyLoader.Load(fetched.Directory);
            logger.BundleLoaded(sha256, loaded.Orchestrators.Count(), loaded.Activities.Count(), fetched.Downloaded ? "downloaded" : "from the cache");
            return RunnerFlows.FromBundle(loaded);
        }
        catch (Exception e) when (e is BundleException or CodeStorageException)
        {
            // The run fails with the reason; nothing from the bundle was loaded.
            var classification = e is BundleException bundle ? bundle.Classification : ((CodeStorageException)e).Classification;
            logger.BundleRefused(environment.InstanceId, classification, e.Message);
            return RunnerFlows.Refused(environment.Flow, classification, e);
        }
    }
}
