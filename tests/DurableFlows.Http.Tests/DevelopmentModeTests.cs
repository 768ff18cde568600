using System.Net;
using DurableFlows.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Http.Tests;

public sealed class DevelopmentModeTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7071", true)]
    [InlineData("http://localhost:7071", true)]
    [InlineData("http://[::1]:7071", true)]
    [InlineData("http://0.0.0.0:7071", false)]
    [InlineData("http://*:7071", false)]
    [InlineData("http://+:7071", false)]
    [InlineData("http://10.1.2.3:7071", false)]
    [InlineData("http://example.com:7071", false)]
    public void Loopback_is_told_apart_from_other_addresses(string url, bool loopback) =>
        Assert.Equal(loopback, HttpApiOptions.IsLoopback(url));

    [Fact]
    public void No_keys_on_a_public_address_stops_start_up_naming_the_address()
    {
        var options = new HttpApiOptions { Urls = ["http://127.0.0.1:7071", "http://0.0.0.0:8080"] };

        var error = Assert.Throws<HostConfigurationException>(() => new ServiceCollection().AddDurableFlowsHttpApi(options));

        Assert.Contains("http://0.0.0.0:8080", error.Message, StringComparison.Ordinal);
        Assert.Contains("DURABLEFLOWS_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:7071,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_allow_any_address_and_no_keys_allow_loopback()
    {
        new ServiceCollection().AddDurableFlowsHttpApi(new HttpApiOptions { Urls = ["http://0.0.0.0:8080"], ApiKeys = ["k"] });
        var services = new ServiceCollection().AddDurableFlowsHttpApi(new HttpApiOptions { Urls = ["http://localhost:7071"] });

        Assert.True(services.BuildServiceProvider().GetRequiredService<HttpApiOptions>().IsDevelopmentMode);
    }

    [Fact]
    public async Task Development_mode_on_loopback_lets_callers_in_without_a_key_and_warns_at_start_up()
    {
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddDurableTaskClient(client => client.UseGrpc("http://127.0.0.1:1"));
        builder.Services.AddDurableFlowsHttpApi(new HttpApiOptions { Urls = ["http://127.0.0.1:0"], OrchestrationNames = new HashSet<string> { "Echo" } });
        await using var app = builder.Build();
        app.MapDurableFlowsHttpApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        // No key, and no 401: the request reaches the starter, which refuses the unknown flow.
        using var response = await http.PostAsync("/api/orchestrators/Nope", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains("development mode", StringComparison.Ordinal) && e.Message.Contains("http://127.0.0.1:0", StringComparison.Ordinal));
        await app.StopAsync();
    }
}
