using DurableFlows.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
}
