using System.CommandLine;
using DurableFlows.Host.Engine;
using DurableFlows.Host.Progress;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Host;

/// <summary>The subcommands of <c>durableflows</c>.</summary>
internal static class Commands
{
    private static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "Path to host.json. Default: host.json in the current directory, else the embedded defaults.",
    };

    public static IEnumerable<Command> All() => [Run(), Serve(), Sidecar(), DeployCommand.Create(ConfigOption), RunnerCommand.Create(ConfigOption), EcsEmulatorCommand()];

    private static Command Serve()
    {
        var urls = new Option<string?>("--urls") { Description = "HTTP API addresses, ';'-separated. Default: durableFlows.http.urls, else http://127.0.0.1:7071." };
        var command = new Command("serve", "Serve the HTTP API, the sidecar and the workers until Ctrl-C.") { urls, ConfigOption };
        command.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(parse.GetValue(ConfigOption), parse.GetValue(urls), cancellationToken));
        return command;
    }

    private static Command Run()
    {
        var flow = new Argument<string>("flow") { Description = "The flow to run, by its name, such as \"Main Flow\"." };
        var input = new Option<string?>("--input") { Description = "The flow's input, as JSON." };
        var instanceId = new Option<string?>("--instance-id")
        {
            Description = "The run's instance id. If that instance exists and has not ended (the host died under it), the run resumes it instead of starting another.",
        };
        var command = new Command("run", "Run one flow to completion on the embedded engine and print its final status as one JSON line.")
        {
            flow, input, instanceId, ConfigOption,
        };
        command.SetAction((parse, cancellationToken) => RunFlowAsync(parse.GetValue(flow)!, parse.GetValue(input), parse.GetValue(instanceId), parse.GetValue(ConfigOption), cancellationToken));
        return command;
    }

    private static Command EcsEmulatorCommand()
    {
        var address = new Option<string>("--address")
        {
            Description = "Address to listen on (port 0 picks a free one).",
            DefaultValueFactory = _ => Emulator.EcsEmulatorOptions.DefaultAddress,
        };
        var command = new Command("ecs-emulator", "Run the local ECS emulator alone until Ctrl-C: the ECS API over local processes with cgroup limits; credentials test/test.") { address };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var loggerFactory = HostLogging.Create(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
            await using var emulator = new Emulator.EcsEmulator(new Emulator.EcsEmulatorOptions(), loggerFactory);
            var bound = await emulator.StartAsync(parse.GetValue(address), cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"durableflows ecs-emulator listening on {bound} ({emulator.EnforcementDescription}); Ctrl-C stops it.");
            await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command Sidecar()
    {
        var address = new Option<string?>("--address") { Description = "Address to listen on. Default: durableFlows.sidecar.address, else http://127.0.0.1:4001." };
        var command = new Command("sidecar", "Run the sidecar alone, with no workers of its own, until Ctrl-C.") { address, ConfigOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (_, configuration, settings) = HostSettings.Load(parse.GetValue(ConfigOption), parse.GetValue(address));
            using var loggerFactory = HostLogging.Create(configuration);
            await using var engine = await EmbeddedEngine.StartAsync(settings, FlowCatalog.BuiltIn(), configuration, loggerFactory, withWorker: false, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"durableflows sidecar listening on {engine.SidecarAddress} (storage: {engine.Backend.Type}); Ctrl-C stops it.");
            await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<int> RunFlowAsync(string flowName, string? input, string? requestedId, string? configPath, CancellationToken cancellationToken)
    {
        var catalog = FlowCatalog.BuiltIn();
        if (!catalog.HasFlow(flowName))
        {
            Console.Error.WriteLine($"durableflows run: {catalog.UnknownFlow(flowName).Message}");
            return 2;
        }

        object? parsedInput = null;
        if (input is not null)
        {
            try
            {
                parsedInput = System.Text.Json.JsonDocument.Parse(input).RootElement.Clone();
            }
            catch (System.Text.Json.JsonException e)
            {
                Console.Error.WriteLine($"durableflows run: --input '{input}' is not JSON ({e.Message}); expected a JSON value such as '{{\"x\": 1}}'.");
                return 2;
            }
        }

        var (_, configuration, settings) = HostSettings.Load(configPath);
        using var loggerFactory = HostLogging.Create(configuration);
        await using var engine = await EmbeddedEngine.StartAsync(settings, catalog, configuration, loggerFactory, withWorker: true, cancellationToken, showTasks: Console.Error).ConfigureAwait(false);
        var client = engine.Client;
        var existing = requestedId is null ? null : await client.GetInstanceAsync(requestedId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.Name != flowName)
        {
            Console.Error.WriteLine($"durableflows run: instance '{requestedId}' is a run of '{existing.Name}', not of '{flowName}'; give another --instance-id.");
            return 2;
        }

        var instanceId = existing is not null
            ? existing.InstanceId
            : await client.ScheduleNewOrchestrationInstanceAsync(flowName, parsedInput, new StartOrchestrationOptions(requestedId), cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            Console.Error.WriteLine($"durableflows run: resuming '{flowName}' instance '{instanceId}' ({existing.RuntimeStatus}) from its history.");
        }

        var tracker = new FlowProgressTracker(client);
        var renderer = new ProgressRenderer(Console.Error, live: !Console.IsErrorRedirected);
        await renderer.RunAsync(
            async ct =>
            {
                var tree = await tracker.ReadAsync(instanceId, flowName, ct).ConfigureAwait(false);
                return (tree, tree.State is ProgressState.Done or ProgressState.Failed);
            },
            TimeSpan.FromMilliseconds(200),
            cancellationToken).ConfigureAwait(false);

        var final = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        Console.Out.WriteLine(RunStatusLine.Format(final));
        return final.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
    }

    internal static async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the caller disposes the engine, which hands back what workers held.
        }
    }
}
