using Amazon.Runtime;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// The task definition that deployment tests register on a local ECS emulator: <c>durableflows-runner</c>,
/// whose container <c>runner</c> runs <c>durableflows runner</c> from the test's output folder, or any
/// other command. Linked into the host tests too.
/// </summary>
internal static class RunnerTaskDefinition
{
    public static async Task RegisterAsync(Uri ecsAddress, IReadOnlyList<string>? command = null)
    {
        using var ecs = EmulatorClient(ecsAddress);
        await ecs.RegisterTaskDefinitionAsync(new RegisterTaskDefinitionRequest
        {
            Family = "durableflows-runner",
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions =
            [
                new ContainerDefinition
                {
                    Name = "runner",
                    Image = "durableflows/runner",
                    Command = command ?? ["dotnet", Path.Combine(AppContext.BaseDirectory, "durableflows.dll"), "runner"],
                    Essential = true,
                },
            ],
        });
    }

    /// <summary>A client of the emulator at <paramref name="address"/>, with its test credentials.</summary>
    public static EcsClient EmulatorClient(Uri address) =>
        new(new EcsClientOptions { ServiceUrl = address, Region = "us-east-1", Credentials = new BasicAWSCredentials("test", "test") });
}
