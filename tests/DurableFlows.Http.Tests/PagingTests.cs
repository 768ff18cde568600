using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask;

namespace DurableFlows.Http.Tests;

public sealed class PagingTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task Continuation_token_pages_through_250_instances()
    {
        var prefix = "page" + Guid.NewGuid().ToString("N")[..8] + "-";
        var expected = Enumerable.Range(0, 250).Select(i => $"{prefix}{i:D3}").ToHashSet();
        await Task.WhenAll(expected.Select(id =>
            server.Client.ScheduleNewOrchestrationInstanceAsync("Echo", null, new StartOrchestrationOptions(id))));

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances?instanceIdPrefix={prefix}&top=100&showInput=false");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            pageSizes.Add(page.Count);
            seen.AddRange(page.Select(i => i.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
        }
        while (token is not null && pageSizes.Count < 10);

        Assert.Equal([100, 100, 50], pageSizes);
        Assert.Equal(250, seen.Count);
        Assert.True(expected.SetEquals(seen));
    }
}
