using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Aws.Tests;

/// <summary>A Kestrel endpoint on loopback that answers from a script and records what it was sent.</summary>
internal sealed class ScriptedEcsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string Body)> _script;

    private ScriptedEcsEndpoint(WebApplication app, ConcurrentQueue<(int Status, string Body)> script)
    {
        _app = app;
        _script = script;
    }

    public Uri Address => new(_app.Urls.First());

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers with each scripted response once, then with the last one forever.</summary>
    public static async Task<ScriptedEcsEndpoint> StartAsync(params (int Status, string Body)[] responses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new ScriptedEcsEndpoint(app, new ConcurrentQueue<(int, string)>(responses));
        var last = responses[^1];
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            endpoint.Requests.Enqueue(new RecordedRequest(
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync()));
            var (status, body) = endpoint._script.TryDequeue(out var next) ? next : last;
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal sealed record RecordedRequest(IReadOnlyDictionary<string, string> Headers, string Body);
}
