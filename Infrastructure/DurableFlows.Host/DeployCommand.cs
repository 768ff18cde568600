using System.CommandLine;
using System.Globalization;
using DurableFlows.Bundles;
using DurableFlows.Configuration;
using DurableFlows.Deployments;
using DurableFlows.Host.Engine;
using DurableFlows.Host.Progress;
using Spectre.Console;

namespace DurableFlows.Host;

/// <summary>
/// <c>durableflows deploy</c>: builds <c>Orchestrations/</c> and <c>Activities/</c> into a reproducible bundle,
/// uploads it to <c>durableFlows.storage</c> under its SHA-256 (once: a redeploy of the same code sends
/// nothing), points every configured deployment at it, and prints a table of deployments, hashes and sizes.
/// Runs that start afterwards pull that bundle; runs in flight keep the one they started with.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(Option<string?> configOption)
    {
        var projects = new Option<string[]>("--project")
        {
            Description = "A flow project (.csproj or its folder) to build into the bundle; repeat for several. Default: Orchestrations/ and Activities/ next to host.json.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("deploy", "Build the flows into a bundle, upload it to code storage once (content-addressed by SHA-256) and point every deployment at it.")
        {
            projects, configOption,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(configOption), parse.GetValue(projects) ?? [], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, IReadOnlyList<string> projects, CancellationToken cancellationToken)
    {
        try
        {
            var (host, configuration, settings) = HostSettings.Load(configPath);
            var targets = Targets(host);
            var projectPaths = projects.Count > 0
                ? projects.Select(p => Path.GetFullPath(p)).ToList()
                : [Path.Combine(settings.BaseDirectory, "Orchestrations"), Path.Combine(settings.BaseDirectory, "Activities")];
            using var loggerFactory = HostLogging.Create(configuration);
            using var storage = FlowStorage.Open(settings, loggerFactory);
            var deployer = new CodeDeployer(storage.Storage, new CodeBundleBuilder(), settings.CodeStorage.MaxBundleBytes, TimeProvider.System, loggerFactory);
            var workDirectory = Path.Combine(settings.BaseDirectory, ".durableflows", "deploy");
            Console.Error.WriteLine($"durableflows deploy: {targets.Count} deployment(s) to {storage.Storage.Location} (limit {Size(settings.CodeStorage.MaxBundleBytes)}).");

            var view = new DeployProgressView(Console.Error, live: !Console.IsErrorRedirected);
            var summary = await view.RunAsync(p => deployer.DeployAsync(projectPaths, workDirectory, targets, p, cancellationToken)).ConfigureAwait(false);
            WriteSummary(summary);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("durableflows deploy: interrupted. An upload in progress was aborted and no deployment was changed; deploy again to finish.");
            return 130;
        }
        catch (Exception e) when (Classify(e) is { } classification)
        {
            Console.Error.WriteLine($"durableflows deploy: {classification}: {e.Message}");
            return 1;
        }
    }

    private static List<DeploymentTarget> Targets(HostConfiguration host)
    {
        var registry = DeploymentRegistry.FromConfiguration(host.Root.GetSection("durableFlows"));
        if (registry.DeploymentNames.Count == 0)
        {
            throw new DeploymentConfigurationException("host.json: durableFlows.deployments is empty; expected at least one deployment, such as { \"name\": \"Sub Flow1/sub-flow1-deployment\", \"workPool\": \"local\" }.");
        }

        var targets = registry.DeploymentNames.Select(name => new DeploymentTarget(DeploymentNames.ManifestName(name), registry.Find(name).Flow)).ToList();

        // The manifest is named by the deployment's own name, so two flows cannot share one.
        var clash = targets.GroupBy(t => t.Deployment, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new DeploymentConfigurationException($"host.json: durableFlows.deployments has '{clash.Key}' for flows {string.Join(" and ", clash.Select(t => $"'{t.Flow}'"))}; deployment names must be unique across flows, because code storage records each under deployments/{clash.Key}.json.");
        }

        return targets;
    }

    private static string? Classify(Exception e) => e switch
    {
        CodeStorageException storage => storage.Classification,
        BundleException bundle => bundle.Classification,
        CodeStorageConfigurationException or DeploymentConfigurationException or HostConfigurationException => "Configuration",
        _ => null,
    };

    private static void WriteSummary(DeploySummary summary)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = InteractionSupport.No,
        });

        // Redirected output has no width; keep each 64-digit hash on one line for scripts and logs.
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        var table = new Table().AddColumns("deployment", "flow", "bundle sha256", "size", "upload");
        foreach (var row in summary.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Deployment),
                Markup.Escape(row.Flow),
                row.BundleSha256,
                Size(row.BundleSize),
                row.Uploaded ? "uploaded" : "unchanged");
        }

        console.Write(table);
        Console.Out.WriteLine(summary.Uploaded
            ? $"Uploaded {summary.BundleUri} ({Size(summary.Bundle.Size)})."
            : $"Nothing uploaded: {summary.BundleUri} was already in code storage.");
    }

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
