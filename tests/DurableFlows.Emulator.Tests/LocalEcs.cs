using System.Collections.Concurrent;
using Amazon.Runtime;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Emulator.Tests;

/// <summary>An emulator on a free loopback port, our client signed with its key pair, and its events.</summary>
internal sealed class LocalEcs : IAsyncDisposable
{
    private LocalEcs(EcsEmulator emulator, EcsClient client, EcsEventSubscription events, ConcurrentQueue<ContainerOutputLine> output)
    {
        Emulator = emulator;
        Client = client;
        Events = events;
        Output = output;
    }

    public EcsEmulator Emulator { get; }

    public EcsClient Client { get; }

    public EcsEventSubscription Events { get; }

    public ConcurrentQueue<ContainerOutputLine> Output { get; }

    public static async Task<LocalEcs> StartAsync(EcsEmulatorOptions? options = null)
    {
        var output = new ConcurrentQueue<ContainerOutputLine>();
        var emulator = new EcsEmulator((options ?? new EcsEmulatorOptions { StopTimeout = TimeSpan.FromSeconds(5) }) with
        {
            ContainerOutput = output.Enqueue,
        });
        var address = await emulator.StartAsync("http://127.0.0.1:0");
        var client = ClientFor(address, new BasicAWSCredentials("test", "test"));
        return new LocalEcs(emulator, client, emulator.Subscribe(), output);
    }

    /// <summary>Our client, without retries, signing with the given credentials.</summary>
    public static EcsClient ClientFor(Uri address, AWSCredentials credentials) => new(new EcsClientOptions
    {
        ServiceUrl = address,
        Region = "us-east-1",
        Credentials = credentials,
        MaxRetries = 0,
    });

    public async Task<string> RegisterAsync(string family, string[] command, string? cpu = "256", string? memory = "512", int? stopTimeoutSeconds = null)
    {
        var response = await Client.RegisterTaskDefinitionAsync(new RegisterTaskDefinitionRequest
        {
            Family = family,
            Cpu = cpu,
            Memory = memory,
            ContainerDefinitions =
            [
                new ContainerDefinition
                {
                    Name = "runner",
                    Image = "example.com/durableflows/runner:1",
                    Command = command,
                    Essential = true,
                    StopTimeout = stopTimeoutSeconds,
                },
            ],
        });
        return response.TaskDefinition!.TaskDefinitionArn!;
    }

    public async Task<EcsTask> RunAsync(string taskDefinition, TaskOverride? overrides = null, string? clientToken = null)
    {
        var response = await Client.RunTaskAsync(new RunTaskRequest { TaskDefinition = taskDefinition, Overrides = overrides, ClientToken = clientToken });
        Assert.Empty(response.Failures);
        return Assert.Single(response.Tasks);
    }

    public async Task<EcsTask> DescribeAsync(string taskArn)
    {
        var response = await Client.DescribeTasksAsync(new DescribeTasksRequest { Tasks = [taskArn], Include = ["TAGS"] });
        return Assert.Single(response.Tasks);
    }

    public async Task<EcsTask> WaitForAsync(string taskArn, string lastStatus, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var task = await DescribeAsync(taskArn);
            if (task.LastStatus == lastStatus)
            {
                return task;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Task {taskArn} stayed {task.LastStatus}, expected {lastStatus}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Events.Dispose();
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
