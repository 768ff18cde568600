using System.CommandLine;
using DurableFlows.Deployments;
using DurableFlows.Host.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Host;

/// <summary>
/// <c>durableflows runner</c>: what an ECS task of a deployment run executes. It serves the run's queue
/// with the run's token until the child flow is final, then exits 0 if it completed and 1 otherwise.
/// </summary>
internal static class RunnerCommand
{
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

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(configPath ?? "host.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        using var loggerFactory = HostLogging.Create(configuration);
        var catalog = FlowCatalog.BuiltIn();
        if (!catalog.HasFlow(environment.Flow))
        {
            Console.Error.WriteLine($"durableflows runner: {catalog.UnknownFlow(environment.Flow).Message}");
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
                        Catalog = catalog,
                        Configuration = configuration,
                        Queue = run.Queue,
                        RunToken = run.RunToken,
                    },
                    loggerFactory,
                    ct).ConfigureAwait(false);
                return new DeploymentRunnerWorker(worker.Client, worker);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
