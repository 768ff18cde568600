using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: TestWorker <sidecar address> <queue> <activity delay ms> <label>
// Prints "RAN <label> <instanceId>" on stdout for every activity it runs, and "READY <label>" once connected.
var address = args[0];
var queue = args[1];
var delay = TimeSpan.FromMilliseconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var label = args[3];

using var channel = GrpcChannel.ForAddress(address);
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
builder.Services.AddDurableTaskWorker(worker =>
{
    worker.AddTasks(tasks =>
    {
        tasks.AddOrchestratorFunc<string, string>("Chain", async (context, input) =>
            await context.CallActivityAsync<string>("Work", input));
        tasks.AddActivityFunc<string, string>("Work", async (context, input) =>
        {
            Console.Out.WriteLine($"START {label} {context.InstanceId}");
            await Task.Delay(delay);
            Console.Out.WriteLine($"RAN {label} {context.InstanceId}");
            return $"{input} by {label}";
        });
    });
    worker.UseGrpc(grpc =>
    {
        grpc.Channel = channel;
        grpc.Interceptors.Add(new QueueHeader(queue));
    });
});
using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine($"READY {label}");
await host.WaitForShutdownAsync();

/// <summary>Names the worker's queue on every call.</summary>
internal sealed class QueueHeader(string queue) : Interceptor
{
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders([new("x-durableflows-queue", queue)])));
}
