using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using DurableFlows.Aws.Ecs;
using DurableFlows.Aws.Ecs.Model;

namespace DurableFlows.Aws.Tests;

public sealed class EcsClientTests
{
    private const string OneTask = """{"tasks":[{"taskArn":"arn:aws:ecs:eu-west-1:1:task/default/abc","lastStatus":"PROVISIONING","cpu":"512","memory":"1024","createdAt":1.7648928E9,"containers":[]}],"failures":[]}""";

    private static EcsClient ClientFor(Uri address, int maxRetries = 3) => new(new EcsClientOptions
    {
        ServiceUrl = address,
        Region = "eu-west-1",
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(20),
    });

    [Fact]
    public async Task A_5xx_answer_is_retried_with_the_same_client_token_and_a_fresh_signature()
    {
        await using var endpoint = await ScriptedEcsEndpoint.StartAsync(
            (500, """{"__type":"ServerException","message":"Service unavailable, try again"}"""),
            (200, OneTask));
        using var client = ClientFor(endpoint.Address);

        var response = await client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "runner" });

        Assert.Equal("arn:aws:ecs:eu-west-1:1:task/default/abc", Assert.Single(response.Tasks).TaskArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764892800), response.Tasks[0].CreatedAt);
        var requests = endpoint.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var tokens = requests.Select(request => JsonDocument.Parse(request.Body).RootElement.GetProperty("clientToken").GetString()).ToArray();
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
        Assert.All(requests, request =>
        {
            Assert.Equal("AmazonEC2ContainerServiceV20141113.RunTask", request.Headers["X-Amz-Target"]);
            Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Contains("/eu-west-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=", request.Headers["Authorization"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Throttling_is_retried_until_it_passes()
    {
        await using var endpoint = await ScriptedEcsEndpoint.StartAsync(
            (400, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""),
            (400, """{"__type":"com.amazonaws.ecs#ThrottlingException","message":"Rate exceeded"}"""),
            (200, """{"taskArns":["arn:aws:ecs:eu-west-1:1:task/default/abc"]}"""));
        using var client = ClientFor(endpoint.Address);

        var response = await client.ListTasksAsync(new ListTasksRequest { StartedBy = "run-1" });

        Assert.Equal(["arn:aws:ecs:eu-west-1:1:task/default/abc"], response.TaskArns);
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_with_the_last_error()
    {
        await using var endpoint = await ScriptedEcsEndpoint.StartAsync((503, """{"__type":"ServerException","message":"still down"}"""));
        using var client = ClientFor(endpoint.Address, maxRetries: 2);

        var error = await Assert.ThrowsAsync<EcsException>(() => client.DescribeTasksAsync(new DescribeTasksRequest { Tasks = ["abc"] }));

        Assert.Equal((EcsErrorCode.ServerException, "still down", HttpStatusCode.ServiceUnavailable), (error.ErrorCode, error.ErrorMessage, error.StatusCode));
        Assert.Equal(3, endpoint.Requests.Count);
    }

    [Fact]
    public async Task A_modelled_client_error_is_not_retried_and_carries_code_and_message()
    {
        await using var endpoint = await ScriptedEcsEndpoint.StartAsync(
            (400, """{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}"""));
        using var client = ClientFor(endpoint.Address);

        var error = await Assert.ThrowsAsync<EcsException>(() => client.StopTaskAsync(new StopTaskRequest { Cluster = "prod", Task = "abc" }));

        Assert.Equal(EcsErrorCode.ClusterNotFoundException, error.ErrorCode);
        Assert.Equal("Cluster not found.", error.ErrorMessage);
        Assert.Equal("StopTask", error.Operation);
        Assert.Equal("ECS StopTask failed with ClusterNotFoundException (HTTP 400): Cluster not found.", error.Message);
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task Requests_are_written_in_ECS_JSON_without_absent_fields()
    {
        await using var endpoint = await ScriptedEcsEndpoint.StartAsync((200, OneTask));
        using var client = ClientFor(endpoint.Address);

        await client.RunTaskAsync(new RunTaskRequest
        {
            Cluster = "default",
            TaskDefinition = "runner:3",
            ClientToken = "parent-1:0",
            CapacityProviderStrategy = [new() { CapacityProvider = "FARGATE_SPOT", Weight = 1 }],
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-1"], AssignPublicIp = "DISABLED" } },
            Overrides = new TaskOverride
            {
                Cpu = "1024",
                Memory = "2048",
                ContainerOverrides = [new ContainerOverride { Name = "runner", Environment = [new() { Name = "QUEUE", Value = "run-1" }], Memory = 2048 }],
            },
            Tags = [new() { Key = "run", Value = "1" }],
        });

        var expected = """
            {"cluster":"default","taskDefinition":"runner:3","capacityProviderStrategy":[{"capacityProvider":"FARGATE_SPOT","weight":1}],
            "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-1"],"assignPublicIp":"DISABLED"}},
            "overrides":{"containerOverrides":[{"name":"runner","environment":[{"name":"QUEUE","value":"run-1"}],"memory":2048}],"cpu":"1024","memory":"2048"},
            "tags":[{"key":"run","value":"1"}],"clientToken":"parent-1:0"}
            """.Replace("\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal(expected, Assert.Single(endpoint.Requests).Body);
    }

    [Fact]
    public async Task Without_configured_credentials_the_SDK_chain_reads_the_environment()
    {
        await using var endpoint = await ScriptedEcsEndpoint.StartAsync((200, """{"taskArns":[]}"""));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-env");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "token-from-env");
        try
        {
            using var client = new EcsClient(new EcsClientOptions { ServiceUrl = endpoint.Address, Region = "eu-west-1" });

            await client.ListTasksAsync(new ListTasksRequest());

            var request = Assert.Single(endpoint.Requests);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMENV/", request.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Contains("x-amz-security-token", request.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Equal("token-from-env", request.Headers["X-Amz-Security-Token"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", null);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", null);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        }
    }

    [Fact]
    public void The_endpoint_defaults_to_the_regional_ECS_endpoint()
    {
        using var client = new EcsClient(new EcsClientOptions { Region = "eu-central-1", Credentials = new BasicAWSCredentials("a", "b") });

        Assert.Equal(new Uri("https://ecs.eu-central-1.amazonaws.com/"), client.Endpoint);
    }
}
