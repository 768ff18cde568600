using System.Net;
using System.Net.Sockets;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using DurableFlows.Deployments;
using DurableFlows.Deployments.Tests;

namespace DurableFlows.Host.Tests;

/// <summary>
/// What the host tests of deployment runs share: an <c>ecs</c> work pool served by a local ECS emulator the
/// test owns, whose task definition (<see cref="RunnerTaskDefinition"/>) runs <c>durableflows runner</c> or any
/// command, and the host.json that points a host process at it.
/// </summary>
internal static class EmulatedRunner
{
    /// <summary>The emulator's credentials, for host processes (ECS pools use the SDK's credential chain).</summary>
    public static IReadOnlyDictionary<string, string> Credentials { get; } = new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_REGION"] = "us-east-1",
    };

    /// <summary>
    /// A host.json on a SQLite file, the sidecar on <paramref name="sidecarPort"/> (fixed, so that runners find a
    /// restarted host), and the reference deployments on an <c>ecs</c> pool at <paramref name="ecsAddress"/>.
    /// </summary>
    public static string HostJson(string hubName, Uri ecsAddress, int sidecarPort, string? eventsQueueUrl) => $$"""
        {
          "version": "2.0",
          "extensions": { "durableTask": { "hubName": "{{hubName}}", "storageProvider": { "type": "sqlite", "path": "host.db" } } },
          "durableFlows": {
            "sidecar": { "address": "http://127.0.0.1:{{sidecarPort}}" },
            "runTokenSecret": "a host secret of enough bytes for the tests",
            "workPools": {
              "ecs": {
                "type": "ecs",
                "serviceUrl": "{{ecsAddress}}",
                "region": "us-east-1",
                "taskDefinition": "durableflows-runner",
                "launchType": "FARGATE",
                "subnets": [ "subnet-local" ],
                "env": { "Pipeline__TaskSeconds": "1" }{{(eventsQueueUrl is null ? string.Empty : $",\n        \"eventsQueueUrl\": \"{eventsQueueUrl}\"")}}
              }
            },
            "deployments": [
              { "name": "Sub Flow1/sub-flow1-deployment", "infraOverrides": { "cpu": 512, "memory": 1024 } },
              { "name": "Sub Flow2/sub-flow2-deployment", "infraOverrides": { "cpu": 1024, "memory": 2048 } },
              { "name": "Sub Flow3/sub-flow3-deployment", "infraOverrides": { "cpu": 2048, "memory": 4096 } }
            ]
          }
        }
        """;

    public static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Every task of the emulator, as ECS describes it, once <paramref name="stopped"/> of them are STOPPED.</summary>
    public static async Task<IReadOnlyList<EcsTaskSnapshot>> AllTasksAsync(Uri ecsAddress, int stopped)
    {
        using var ecs = RunnerTaskDefinition.EmulatorClient(ecsAddress);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var arns = new List<string>();
            foreach (var desired in new[] { EcsTaskStatus.Running, EcsTaskStatus.Stopped })
            {
                arns.AddRange((await ecs.ListTasksAsync(new ListTasksRequest { DesiredStatus = desired }, patience.Token)).TaskArns);
            }

            // A task that stops between the two calls is listed by both.
            arns = [.. arns.Distinct(StringComparer.Ordinal)];
            var tasks = arns.Count == 0 ? [] : (await ecs.DescribeTasksAsync(new DescribeTasksRequest { Tasks = arns }, patience.Token)).Tasks;
            if (tasks.Count(t => t.LastStatus == EcsTaskStatus.Stopped) >= stopped)
            {
                return [.. tasks.Select(EcsClientTaskLauncher.ToSnapshot)];
            }

            await Task.Delay(50, patience.Token);
        }
    }

}
