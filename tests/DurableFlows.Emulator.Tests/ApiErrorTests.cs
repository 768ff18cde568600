using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;
using Microsoft.Extensions.Time.Testing;

namespace DurableFlows.Emulator.Tests;

public sealed class ApiErrorTests
{
    [Fact]
    public async Task A_request_signed_with_another_secret_is_rejected_as_AWS_does()
    {
        await using var ecs = await LocalEcs.StartAsync();
        using var wrongSecret = LocalEcs.ClientFor(ecs.Emulator.Address, new BasicAWSCredentials("test", "not-the-secret"));

        var error = await Assert.ThrowsAsync<EcsException>(() => wrongSecret.ListTasksAsync(new ListTasksRequest()));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(EcsErrorCode.InvalidSignatureException, error.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_access_key_is_an_unrecognized_client()
    {
        await using var ecs = await LocalEcs.StartAsync();
        using var stranger = LocalEcs.ClientFor(ecs.Emulator.Address, new SessionAWSCredentials("AKIDSTRANGER", "test", "session-token"));

        var error = await Assert.ThrowsAsync<EcsException>(() => stranger.ListTasksAsync(new ListTasksRequest()));

        Assert.Equal((HttpStatusCode.Forbidden, EcsErrorCode.UnrecognizedClientException), (error.StatusCode, error.ErrorCode));
        Assert.Equal("The security token included in the request is invalid.", error.ErrorMessage);
    }

    [Fact]
    public async Task Temporary_credentials_sign_their_session_token_and_are_accepted()
    {
        await using var ecs = await LocalEcs.StartAsync();
        using var withToken = LocalEcs.ClientFor(ecs.Emulator.Address, new SessionAWSCredentials("test", "test", "session-token"));

        var response = await withToken.ListTasksAsync(new ListTasksRequest());

        Assert.Empty(response.TaskArns);
    }

    [Fact]
    public async Task A_request_signed_too_long_ago_is_rejected_as_expired()
    {
        var anHourAhead = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        await using var emulator = new EcsEmulator(timeProvider: anHourAhead);
        using var client = LocalEcs.ClientFor(await emulator.StartAsync("http://127.0.0.1:0"), new BasicAWSCredentials("test", "test"));

        var error = await Assert.ThrowsAsync<EcsException>(() => client.ListTasksAsync(new ListTasksRequest()));

        Assert.Equal((HttpStatusCode.Forbidden, EcsErrorCode.InvalidSignatureException), (error.StatusCode, error.ErrorCode));
        Assert.StartsWith("Signature expired: ", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_request_gets_an_ECS_shaped_error()
    {
        await using var ecs = await LocalEcs.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, ecs.Emulator.Address) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListTasks");

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", body.RootElement.GetProperty("__type").GetString());
        Assert.Equal("Missing Authentication Token", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Modelled_errors_surface_with_their_code_and_message()
    {
        await using var ecs = await LocalEcs.StartAsync();
        await ecs.RegisterAsync("known", ["/bin/true"]);

        var noCluster = await Assert.ThrowsAsync<EcsException>(() =>
            ecs.Client.RunTaskAsync(new RunTaskRequest { Cluster = "prod", TaskDefinition = "known" }));
        var noDefinition = await Assert.ThrowsAsync<EcsException>(() =>
            ecs.Client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "unknown:7" }));
        var noTask = await Assert.ThrowsAsync<EcsException>(() =>
            ecs.Client.StopTaskAsync(new StopTaskRequest { Task = "0123456789abcdef0123456789abcdef" }));
        var badFargate = await Assert.ThrowsAsync<EcsException>(() =>
            ecs.Client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "known", LaunchType = "FARGATE", Overrides = new TaskOverride { Cpu = "300", Memory = "512" } }));
        var both = await Assert.ThrowsAsync<EcsException>(() =>
            ecs.Client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "known", LaunchType = "FARGATE", CapacityProviderStrategy = [new() { CapacityProvider = "FARGATE_SPOT" }] }));

        Assert.Equal((EcsErrorCode.ClusterNotFoundException, "Cluster not found."), (noCluster.ErrorCode, noCluster.ErrorMessage));
        Assert.Equal(HttpStatusCode.BadRequest, noCluster.StatusCode);
        Assert.Contains("ClusterNotFoundException", noCluster.Message, StringComparison.Ordinal);
        Assert.Equal((EcsErrorCode.InvalidParameterException, "TaskDefinition not found."), (noDefinition.ErrorCode, noDefinition.ErrorMessage));
        Assert.Equal((EcsErrorCode.InvalidParameterException, "The referenced task was not found."), (noTask.ErrorCode, noTask.ErrorMessage));
        Assert.Equal(EcsErrorCode.ClientException, badFargate.ErrorCode);
        Assert.Contains("300 CPU, 512 memory", badFargate.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(EcsErrorCode.InvalidParameterException, both.ErrorCode);
    }

    [Fact]
    public async Task Unknown_tasks_come_back_as_MISSING_failures()
    {
        await using var ecs = await LocalEcs.StartAsync();

        var response = await ecs.Client.DescribeTasksAsync(new DescribeTasksRequest { Tasks = ["feedfacefeedfacefeedfacefeedface"] });

        Assert.Empty(response.Tasks);
        var failure = Assert.Single(response.Failures);
        Assert.Equal(("feedfacefeedfacefeedfacefeedface", "MISSING"), (failure.Arn, failure.Reason));
    }

    [Fact]
    public async Task Task_definitions_get_revisions_and_describe_by_family_returns_the_latest()
    {
        await using var ecs = await LocalEcs.StartAsync();
        var first = await ecs.RegisterAsync("family-x", ["/bin/true"]);
        var second = await ecs.RegisterAsync("family-x", ["/bin/false"]);

        var latest = await ecs.Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "family-x" });
        var byRevision = await ecs.Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "family-x:1" });

        Assert.EndsWith(":task-definition/family-x:1", first, StringComparison.Ordinal);
        Assert.Equal(second, latest.TaskDefinition!.TaskDefinitionArn);
        Assert.Equal(2, latest.TaskDefinition.Revision);
        Assert.Equal(["/bin/false"], latest.TaskDefinition.ContainerDefinitions![0].Command);
        Assert.Equal(first, byRevision.TaskDefinition!.TaskDefinitionArn);
        var missing = await Assert.ThrowsAsync<EcsException>(() =>
            ecs.Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "family-x:3" }));
        Assert.Equal(EcsErrorCode.ClientException, missing.ErrorCode);
    }
}
