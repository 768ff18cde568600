using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace DurableFlows.Http.Tests;

public sealed class HttpApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Webhooks = "/runtime/webhooks/durabletask";

    private static string NewId() => "t" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Starter_replies_202_with_the_check_status_payload_and_headers()
    {
        var id = NewId();
        using var response = await server.Http.PostAsync($"/api/orchestrators/Echo/{id}", Json("""{"n": 1}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, payload.GetProperty("id").GetString());
        var status = payload.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(new Uri(status), response.Headers.Location);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.StartsWith($"{server.BaseAddress.ToString().TrimEnd('/')}{Webhooks}/instances/{id}?taskHub={ApiServer.TaskHub}&code={ApiServer.Key}", status, StringComparison.Ordinal);
        foreach (var (field, path) in new[]
        {
            ("sendEventPostUri", $"/instances/{id}/raiseEvent/{{eventName}}?"),
            ("terminatePostUri", $"/instances/{id}/terminate?reason={{text}}&"),
            ("purgeHistoryDeleteUri", $"/instances/{id}?"),
            ("restartPostUri", $"/instances/{id}/restart?"),
            ("suspendPostUri", $"/instances/{id}/suspend?reason={{text}}&"),
            ("resumePostUri", $"/instances/{id}/resume?reason={{text}}&"),
        })
        {
            Assert.Contains(Webhooks + path, payload.GetProperty(field).GetString(), StringComparison.Ordinal);
        }

        var done = await server.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("""{"n":1}""", done.SerializedOutput);
    }

    [Fact]
    public async Task Starter_generates_an_id_and_takes_an_empty_body_as_no_input()
    {
        using var response = await server.Http.PostAsync("/api/orchestrators/Echo", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await server.CompletionAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task Starter_is_also_served_on_the_webhook_route_as_in_Durable_Functions_2()
    {
        var id = NewId();
        using var response = await server.Http.PostAsync($"{Webhooks}/orchestrators/Echo/{id}", Json("42"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("42", (await server.CompletionAsync(id)).SerializedOutput);
    }

    [Fact]
    public async Task Starter_answers_404_listing_the_registered_orchestrations_for_an_unknown_name()
    {
        using var response = await server.Http.PostAsync("/api/orchestrators/Nope", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var message = await Message(response);
        Assert.Contains("Unknown orchestration 'Nope'", message, StringComparison.Ordinal);
        Assert.Contains("'Echo', 'Fail', 'Main Flow', 'WaitForEvent', 'Work'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starter_answers_400_naming_the_JSON_problem_and_starts_nothing()
    {
        var id = NewId();
        using var response = await server.Http.PostAsync($"/api/orchestrators/Echo/{id}", Json("""{"n": """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await Message(response), StringComparison.Ordinal);
        Assert.Null(await server.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Starter_answers_409_for_an_id_that_is_still_running_and_400_for_an_invalid_id()
    {
        var id = NewId();
        await server.StartAsync("WaitForEvent", null, id);

        using var again = await server.Http.PostAsync($"/api/orchestrators/Echo/{id}", null);
        using var invalid = await server.Http.PostAsync("/api/orchestrators/Echo/%40entity", null);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("'@entity'", await Message(invalid), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_is_202_with_Location_while_running_and_200_with_the_output_when_done()
    {
        var id = NewId();
        await server.StartAsync("WaitForEvent", new { order = 7 }, id);
        await server.StartedAsync(id);

        using var running = await server.Http.GetAsync($"{Webhooks}/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.Equal(new Uri(server.BaseAddress, $"{Webhooks}/instances/{id}"), running.Headers.Location);
        Assert.Equal(TimeSpan.FromSeconds(5), running.Headers.RetryAfter?.Delta);
        var body = await running.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("WaitForEvent", body.GetProperty("name").GetString());
        Assert.Equal(id, body.GetProperty("instanceId").GetString());
        Assert.Equal("Running", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(7, body.GetProperty("input").GetProperty("order").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("output").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("customStatus").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body.GetProperty("createdTime").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body.GetProperty("lastUpdatedTime").GetString());
        Assert.False(body.TryGetProperty("historyEvents", out _));

        using var raised = await server.Http.PostAsync($"{Webhooks}/instances/{id}/raiseEvent/Approve", Json("""{"ok": true}"""));
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        await server.CompletionAsync(id);

        using var done = await server.Http.GetAsync($"{Webhooks}/instances/{id}?showInput=false&showHistory=true&showHistoryOutput=true");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Null(done.Headers.Location);
        var final = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.True(final.GetProperty("output").GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, final.GetProperty("input").ValueKind);
        var events = final.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("ExecutionStarted", events[0].GetProperty("EventType").GetString());
        Assert.Equal("WaitForEvent", events[0].GetProperty("FunctionName").GetString());
        var eventRaised = Assert.Single(events, e => e.GetProperty("EventType").GetString() == "EventRaised");
        Assert.Equal("Approve", eventRaised.GetProperty("Name").GetString());
        Assert.True(eventRaised.GetProperty("Input").GetProperty("ok").GetBoolean());
        var completed = events[^1];
        Assert.Equal("ExecutionCompleted", completed.GetProperty("EventType").GetString());
        Assert.Equal("Completed", completed.GetProperty("OrchestrationStatus").GetString());
        Assert.True(completed.GetProperty("Result").GetProperty("ok").GetBoolean());
        Assert.DoesNotContain(events, e => e.GetProperty("EventType").GetString() is "OrchestratorStarted" or "OrchestratorCompleted");
    }

    [Fact]
    public async Task History_shows_activities_with_their_name_and_schedule_time_and_output_only_when_asked()
    {
        var id = NewId();
        await server.StartAsync("Work", null, id);
        Assert.Equal("\"TASK A\"", (await server.CompletionAsync(id)).SerializedOutput);

        using var withOutput = await server.Http.GetAsync($"{Webhooks}/instances/{id}?showHistory=true&showHistoryOutput=true");
        using var withoutOutput = await server.Http.GetAsync($"{Webhooks}/instances/{id}?showHistory=true");

        var task = Assert.Single((await withOutput.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("historyEvents").EnumerateArray(),
            e => e.GetProperty("EventType").GetString() == "TaskCompleted");
        Assert.Equal("Shout", task.GetProperty("FunctionName").GetString());
        Assert.Equal("TASK A", task.GetProperty("Result").GetString());
        Assert.True(DateTime.Parse(task.GetProperty("ScheduledTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            <= DateTime.Parse(task.GetProperty("Timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain((await withoutOutput.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("historyEvents").EnumerateArray(),
            e => e.TryGetProperty("Result", out _));
    }

    [Fact]
    public async Task Status_of_a_failed_instance_is_200_or_500_when_asked_and_404_when_unknown()
    {
        var id = NewId();
        await server.StartAsync("Fail", null, id);
        await server.CompletionAsync(id);

        using var ok = await server.Http.GetAsync($"{Webhooks}/instances/{id}");
        using var error = await server.Http.GetAsync($"{Webhooks}/instances/{id}?returnInternalServerErrorOnFailure=true");
        using var unknown = await server.Http.GetAsync($"{Webhooks}/instances/{NewId()}");
        using var malformed = await server.Http.GetAsync($"{Webhooks}/instances/{id}?showHistory=yes");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", body.GetProperty("runtimeStatus").GetString());
        Assert.Contains("failed on purpose", body.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("showHistory=yes", await Message(malformed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_prefix_status_time_and_top()
    {
        var prefix = NewId();
        await server.StartAsync("Echo", 1, prefix + "-a");
        await server.StartAsync("WaitForEvent", null, prefix + "-b");
        await server.CompletionAsync(prefix + "-a");
        await server.StartedAsync(prefix + "-b");
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));

        var all = await List($"?instanceIdPrefix={prefix}&createdTimeFrom={from}&createdTimeTo={to}");
        var completed = await List($"?instanceIdPrefix={prefix}&runtimeStatus=Completed,Failed");
        var running = await List($"?instanceIdPrefix={prefix}&runtimeStatus=Running&showInput=false");
        var future = await List($"?instanceIdPrefix={prefix}&createdTimeFrom={to}");
        using var bad = await server.Http.GetAsync($"{Webhooks}/instances?runtimeStatus=Sleeping");

        Assert.Equal([prefix + "-a", prefix + "-b"], all.Select(i => i.GetProperty("instanceId").GetString()).Order());
        Assert.Equal(prefix + "-a", Assert.Single(completed).GetProperty("instanceId").GetString());
        Assert.Equal(1, completed[0].GetProperty("output").GetInt32());
        Assert.Equal(prefix + "-b", Assert.Single(running).GetProperty("instanceId").GetString());
        Assert.Empty(future);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'Sleeping'", await Message(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raise_event_answers_400_for_non_JSON_404_for_unknown_and_410_when_completed()
    {
        var waiting = NewId();
        await server.StartAsync("WaitForEvent", null, waiting);
        await server.StartedAsync(waiting);
        var finished = NewId();
        await server.StartAsync("Echo", null, finished);
        await server.CompletionAsync(finished);

        using var text = await server.Http.PostAsync($"{Webhooks}/instances/{waiting}/raiseEvent/Approve", new StringContent("yes", Encoding.UTF8, "text/plain"));
        using var broken = await server.Http.PostAsync($"{Webhooks}/instances/{waiting}/raiseEvent/Approve", Json("{yes"));
        using var unknown = await server.Http.PostAsync($"{Webhooks}/instances/{NewId()}/raiseEvent/Approve", Json("1"));
        using var gone = await server.Http.PostAsync($"{Webhooks}/instances/{finished}/raiseEvent/Approve", Json("1"));

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await server.Client.GetInstanceAsync(waiting))!.RuntimeStatus);
    }

    [Fact]
    public async Task Suspend_resume_and_terminate_answer_202_then_410_once_terminated()
    {
        var id = NewId();
        await server.StartAsync("WaitForEvent", null, id);
        await server.StartedAsync(id);

        using var suspend = await server.Http.PostAsync($"{Webhooks}/instances/{id}/suspend?reason=pause", null);
        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        await Eventually(id, OrchestrationRuntimeStatus.Suspended);
        using var suspended = await server.Http.GetAsync($"{Webhooks}/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, suspended.StatusCode);

        using var resume = await server.Http.PostAsync($"{Webhooks}/instances/{id}/resume?reason=go", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await Eventually(id, OrchestrationRuntimeStatus.Running);

        using var terminate = await server.Http.PostAsync($"{Webhooks}/instances/{id}/terminate?reason=enough", null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var done = await server.CompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("\"enough\"", done.SerializedOutput);

        foreach (var operation in new[] { "terminate", "suspend", "resume" })
        {
            using var gone = await server.Http.PostAsync($"{Webhooks}/instances/{id}/{operation}?reason=again", null);
            using var unknown = await server.Http.PostAsync($"{Webhooks}/instances/{NewId()}/{operation}", null);
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }

    [Fact]
    public async Task Restart_starts_again_under_a_new_or_the_same_id()
    {
        var id = NewId();
        await server.StartAsync("Echo", "again", id);
        await server.CompletionAsync(id);

        using var fresh = await server.Http.PostAsync($"{Webhooks}/instances/{id}/restart", null);
        using var same = await server.Http.PostAsync($"{Webhooks}/instances/{id}/restart?restartWithNewInstanceId=false", null);
        using var unknown = await server.Http.PostAsync($"{Webhooks}/instances/{NewId()}/restart", null);

        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        var newId = (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.NotEqual(id, newId);
        Assert.Equal("\"again\"", (await server.CompletionAsync(newId)).SerializedOutput);
        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        Assert.Equal(id, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Purge_deletes_finished_instances_and_answers_404_or_412_otherwise()
    {
        var finished = NewId();
        await server.StartAsync("Echo", null, finished);
        await server.CompletionAsync(finished);
        var running = NewId();
        await server.StartAsync("WaitForEvent", null, running);

        using var purged = await server.Http.DeleteAsync($"{Webhooks}/instances/{finished}");
        using var again = await server.Http.DeleteAsync($"{Webhooks}/instances/{finished}");
        using var busy = await server.Http.DeleteAsync($"{Webhooks}/instances/{running}");

        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Null(await server.Client.GetInstanceAsync(finished));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal((HttpStatusCode)412, busy.StatusCode);
    }

    [Fact]
    public async Task Purge_by_filter_needs_createdTimeFrom_and_answers_404_when_nothing_matches()
    {
        var id = NewId();
        await server.StartAsync("Fail", null, id);
        await server.CompletionAsync(id);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));

        using var missing = await server.Http.DeleteAsync($"{Webhooks}/instances");
        using var none = await server.Http.DeleteAsync($"{Webhooks}/instances?createdTimeFrom={future}");
        using var purged = await server.Http.DeleteAsync($"{Webhooks}/instances?createdTimeFrom={past}&runtimeStatus=Failed");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("createdTimeFrom", await Message(missing), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.True((await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32() >= 1);
        Assert.Null(await server.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Missing_or_wrong_key_gets_401_and_starts_nothing()
    {
        var id = NewId();
        using var none = await server.Anonymous.PostAsync($"/api/orchestrators/Echo/{id}", Json("1"));
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/Echo/{id}") { Content = Json("1") };
        wrongRequest.Headers.Add("x-functions-key", ApiServer.Key + "x");
        using var wrong = await server.Anonymous.SendAsync(wrongRequest);
        using var wrongCode = await server.Anonymous.PostAsync($"/api/pipelines/train?code=nope", Json("""{"taskSeconds": 0}"""));
        using var management = await server.Anonymous.GetAsync($"{Webhooks}/instances");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, management.StatusCode);
        Assert.Null(await server.Client.GetInstanceAsync(id));
        Assert.DoesNotContain(await List("?top=1000"), i => i.GetProperty("name").GetString() == "Main Flow"
            && i.GetProperty("input").ValueKind == JsonValueKind.Object && i.GetProperty("input").TryGetProperty("label", out var label) && label.GetString() == "unauthorized");
    }

    [Fact]
    public async Task Key_is_also_taken_from_the_code_query_parameter_and_any_configured_key_works()
    {
        using var query = await server.Anonymous.GetAsync($"{Webhooks}/instances?top=1&code={ApiServer.Key}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Webhooks}/instances?top=1");
        request.Headers.Add("x-functions-key", "second-key");
        using var second = await server.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Oversized_body_gets_413_and_starts_nothing()
    {
        var id = NewId();
        var big = "\"" + new string('x', 5000) + "\"";
        using var sized = await server.Http.PostAsync($"/api/orchestrators/Echo/{id}", Json(big));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/Echo/{id}") { Content = chunked };
        chunkedRequest.Headers.TransferEncodingChunked = true;
        using var streamed = await server.Http.SendAsync(chunkedRequest);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Contains("4096", await Message(sized), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Null(await server.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Train_starter_validates_its_input_and_starts_Main_Flow()
    {
        using var started = await server.Http.PostAsync("/api/pipelines/train", Json("""{"taskSeconds": 0.01, "label": "nightly"}"""));
        using var negative = await server.Http.PostAsync("/api/pipelines/train", Json("""{"taskSeconds": -1}"""));
        using var wrongLabel = await server.Http.PostAsync("/api/pipelines/train", Json("""{"taskSeconds": 1, "label": 5}"""));
        using var missing = await server.Http.PostAsync("/api/pipelines/train", Json("{}"));
        using var extra = await server.Http.PostAsync("/api/pipelines/train", Json("""{"taskSeconds": 1, "epochs": 3}"""));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var payload = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new Uri(payload.GetProperty("statusQueryGetUri").GetString()!), started.Headers.Location);
        var instance = await server.Client.GetInstanceAsync(payload.GetProperty("id").GetString()!, getInputsAndOutputs: true);
        Assert.Equal("Main Flow", instance!.Name);
        Assert.Contains("\"nightly\"", instance.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("taskSeconds = -1", await Message(negative), StringComparison.Ordinal);
        Assert.Contains("label = 5", await Message(wrongLabel), StringComparison.Ordinal);
        Assert.Contains("taskSeconds is missing", await Message(missing), StringComparison.Ordinal);
        Assert.Contains("'epochs'", await Message(extra), StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> List(string query)
    {
        using var response = await server.Http.GetAsync($"{Webhooks}/instances{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private async Task Eventually(string id, OrchestrationRuntimeStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await server.Client.GetInstanceAsync(id, timeout.Token))!.RuntimeStatus != status)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<string> Message(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;
}
