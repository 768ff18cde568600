using System.Globalization;
using DurableFlows.Sidecar.TestWorker;
using Grpc.Net.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Arguments: <sidecar address> <worker id> [queue] [activity delay ms] [max concurrent activities]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: DurableFlows.Sidecar.TestWorker <sidecar address> <worker id> [queue] [activity delay ms] [max concurrent activities]");
    return 2;
}

var address = args[0];
var workerId = args[1];
var queue = args.Length > 2 ? args[2] : "default";
var delay = TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);
var maxActivities = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 10;

using var channel = GrpcChannel.ForAddress(address);
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddDurableTaskWorker(worker =>
{
    worker.AddTasks(registry => TestFlows.Register(registry, workerId, delay, []));
    worker.UseGrpc(grpc =>
    {
        grpc.Channel = channel;
        grpc.Interceptors.Add(new QueueMetadata(queue));
    });
    worker.Configure(options => options.Concurrency.MaximumConcurrentActivityWorkItems = maxActivities);
});

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("worker-started");

// The test ends the process by closing stdin, or kills it.
await Console.In.ReadToEndAsync();
await host.StopAsync();
return 0;
