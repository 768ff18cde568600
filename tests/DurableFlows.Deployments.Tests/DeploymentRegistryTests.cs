using System.Text;
using Microsoft.Extensions.Configuration;

namespace DurableFlows.Deployments.Tests;

public sealed class DeploymentRegistryTests
{
    private static DeploymentRegistry Read(string json) =>
        DeploymentRegistry.FromConfiguration(Section(json));

    private static IConfigurationSection Section(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build().GetSection("durableFlows");

    private static string Problems(string json) =>
        Assert.Throws<DeploymentConfigurationException>(() => Read(json)).Message;

    private const string LocalPool = """ "workPools": { "local": { "type": "local", "cpu": 256, "memory": 512 } } """;

    [Fact]
    public void Reference_configuration_gives_each_deployment_its_article_size_over_the_pool_default()
    {
        var registry = DeploymentRegistry.FromConfiguration(
            new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "reference-host.json")).Build().GetSection("durableFlows"));

        Assert.Equal(
            ["Sub Flow1/sub-flow1-deployment", "Sub Flow2/sub-flow2-deployment", "Sub Flow3/sub-flow3-deployment"],
            registry.DeploymentNames);
        var sizes = registry.DeploymentNames.Select(n => registry.Plan(n, null, "test")).Select(p => (p.Cpu, p.Memory)).ToList();
        Assert.Equal([(512, 1024), (1024, 2048), (2048, 4096)], sizes);
        Assert.Equal("Sub Flow1", registry.Find("Sub Flow1/sub-flow1-deployment").Flow);

        var ecs = registry.WorkPools["ecs"];
        Assert.Equal((256, 512), (ecs.Cpu, ecs.Memory));
        Assert.Equal("DISABLED", ecs.AssignPublicIp);
        Assert.Equal(2, ecs.Subnets.Count);
        Assert.Equal("arn:aws:iam::123456789012:role/durableflows-task-execution", ecs.ExecutionRoleArn);
        Assert.Equal("FARGATE", ecs.LaunchType);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), registry.WorkPools["local"].ServiceUrl);
    }

    [Fact]
    public void Cpu_that_is_not_a_Fargate_size_is_named_by_its_path_with_the_valid_sizes()
    {
        var message = Problems($$"""
            { "durableFlows": { {{LocalPool}}, "deployments": [
              { "name": "Sub Flow1/a", "workPool": "local" },
              { "name": "Sub Flow1/b", "workPool": "local", "infraOverrides": { "cpu": 300 } } ] } }
            """);

        Assert.Equal(
            "host.json: durableFlows.deployments[1].infraOverrides.cpu = 300 is not a Fargate size; valid: 256, 512, 1024, 2048, 4096, 8192, 16384",
            message);
    }

    [Fact]
    public void Memory_that_does_not_fit_the_cpu_lists_the_valid_memory_for_that_cpu()
    {
        var message = Problems($$"""
            { "durableFlows": { {{LocalPool}}, "deployments": [
              { "name": "Sub Flow2/sub-flow2-deployment", "workPool": "local", "infraOverrides": { "cpu": 1024, "memory": 512 } } ] } }
            """);

        Assert.Equal(
            "host.json: durableFlows.deployments[0].infraOverrides.memory = 512 is not a Fargate size for cpu 1024; valid: 2048, 3072, 4096, 5120, 6144, 7168, 8192",
            message);
    }

    [Fact]
    public void Deployment_cpu_over_pool_memory_names_the_pool_memory_it_clashes_with()
    {
        var message = Problems($$"""
            { "durableFlows": { {{LocalPool}}, "deployments": { "Sub Flow3/big": { "infraOverrides": { "cpu": 2048 } } } } }
            """);

        Assert.Equal(
            "host.json: durableFlows.workPools.local.memory = 512 is not a Fargate size for cpu 2048; valid: 4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288, 13312, 14336, 15360, 16384",
            message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_per_line()
    {
        var message = Problems("""
            { "durableFlows": {
              "workPools": { "aws": { "type": "ecs", "launchType": "FARGATE", "capacityProviderStrategy": [ { "capacityProvider": "FARGATE_SPOT" } ],
                                      "assignPublicIp": "yes", "cpu": "lots" } },
              "deployments": [ { "name": "no-slash", "workPool": "aws" }, { "name": "Sub Flow1/x", "workPool": "gpu" } ] } }
            """);

        var lines = message.Split(Environment.NewLine);
        Assert.Contains("host.json: durableFlows.workPools.aws.capacityProviderStrategy is set together with launchType; ECS takes one or the other; remove one", lines);
        Assert.Contains("host.json: durableFlows.workPools.aws.assignPublicIp = yes is not valid; valid: ENABLED, DISABLED", lines);
        Assert.Contains("host.json: durableFlows.workPools.aws.cpu = lots is not a positive whole number; expected CPU units (1024 = 1 vCPU) or MiB, such as 512", lines);
        Assert.Contains("host.json: durableFlows.workPools.aws.taskDefinition is missing; expected the task definition whose container runs durableflows runner", lines);
        Assert.Contains("host.json: durableFlows.workPools.aws.subnets is empty; Fargate tasks need at least one subnet (awsvpc network mode)", lines);
        Assert.Contains("host.json: durableFlows.deployments[0].name = no-slash is not a deployment name; expected \"Flow/deployment\", such as \"Sub Flow1/sub-flow1-deployment\"", lines);
        Assert.Contains("host.json: durableFlows.deployments[1].workPool = gpu is not a configured work pool; known pools: none (durableFlows.workPools is empty or invalid)", lines);
    }

    [Fact]
    public void Map_form_uses_keys_as_names_and_the_only_pool_by_default()
    {
        var registry = Read($$"""
            { "durableFlows": { {{LocalPool}}, "deployments": { "Sub Flow1/sub-flow1-deployment": { "infraOverrides": { "cpu": 512, "memory": 1024 } } } } }
            """);

        var plan = registry.Plan("Sub Flow1/sub-flow1-deployment", null, "test");
        Assert.Equal(("local", 512, 1024), (plan.Pool.Name, plan.Cpu, plan.Memory));
    }

    [Fact]
    public void Layers_merge_pool_then_deployment_then_run_with_env_key_by_key()
    {
        var registry = Read("""
            { "durableFlows": {
              "workPools": { "local": { "type": "local", "env": { "A": "pool", "B": "pool", "C": "pool" } } },
              "deployments": [ { "name": "Sub Flow1/d", "infraOverrides": { "memory": 1024, "env": { "B": "deployment" } } } ] } }
            """);

        var plan = registry.Plan("Sub Flow1/d", new InfraOverrides { Cpu = 512, Env = new Dictionary<string, string> { ["C"] = "run" } }, "test");

        Assert.Equal((512, 1024), (plan.Cpu, plan.Memory));
        Assert.Equal("pool", plan.Env["A"]);
        Assert.Equal("deployment", plan.Env["B"]);
        Assert.Equal("run", plan.Env["C"]);
    }

    [Fact]
    public void Run_override_with_an_invalid_pair_is_rejected_naming_the_call_and_the_choices()
    {
        var registry = Read($$"""{ "durableFlows": { {{LocalPool}}, "deployments": [ { "name": "Sub Flow1/d", "infraOverrides": { "cpu": 512, "memory": 1024 } } ] } }""");

        var error = Assert.Throws<DeploymentConfigurationException>(() =>
            registry.Plan("Sub Flow1/d", new InfraOverrides { Memory = 8192 }, "RunDeploymentAsync(\"Sub Flow1/d\")"));

        Assert.Equal(
            "RunDeploymentAsync(\"Sub Flow1/d\") overrides: memory = 8192 is not a Fargate size for cpu 512; valid: 1024, 2048, 3072, 4096",
            error.Message);
    }

    [Fact]
    public void Unknown_deployment_lists_the_known_ones()
    {
        var registry = Read($$"""{ "durableFlows": { {{LocalPool}}, "deployments": [ { "name": "Sub Flow1/b" }, { "name": "Sub Flow1/a" } ] } }""");

        var error = Assert.Throws<DeploymentConfigurationException>(() => registry.Find("Sub Flow1/c"));

        Assert.Equal(
            "Unknown deployment 'Sub Flow1/c'; expected \"Flow/deployment\" as configured in durableFlows.deployments. Known deployments: 'Sub Flow1/a', 'Sub Flow1/b'.",
            error.Message);
    }

    [Fact]
    public void Ec2_pools_are_not_held_to_Fargate_sizes()
    {
        var registry = Read("""
            { "durableFlows": { "workPools": { "ec2": { "type": "ecs", "taskDefinition": "runner", "launchType": "EC2", "cpu": 300, "memory": 700 } },
              "deployments": [ { "name": "Sub Flow1/d" } ] } }
            """);

        Assert.Equal((300, 700), (registry.Plan("Sub Flow1/d", null, "test").Cpu, registry.Plan("Sub Flow1/d", null, "test").Memory));
    }

    [Fact]
    public void Deployments_of_unregistered_flows_are_named_with_the_registered_ones()
    {
        var registry = Read($$"""{ "durableFlows": { {{LocalPool}}, "deployments": [ { "name": "Sub Flow1/a" }, { "name": "Sub Flow4/b" } ] } }""");

        var error = Assert.Throws<DeploymentConfigurationException>(() => registry.CheckFlows(["Sub Flow2", "Sub Flow1"]));

        Assert.Equal("durableFlows.deployments: 'Sub Flow4/b' runs flow 'Sub Flow4', which is not registered; registered flows: 'Sub Flow1', 'Sub Flow2'", error.Message);
        registry.CheckFlows(["Sub Flow1", "Sub Flow4"]);
    }

    [Fact]
    public void An_ecs_pool_reads_its_events_queue_url()
    {
        var registry = Read("""
            { "durableFlows": { "workPools": { "ec2": { "type": "ecs", "taskDefinition": "runner", "launchType": "EC2",
              "eventsQueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-task-state-changes" } },
              "deployments": [ { "name": "Sub Flow1/d" } ] } }
            """);

        Assert.Equal(new Uri("https://sqs.eu-west-1.amazonaws.com/123456789012/ecs-task-state-changes"), registry.WorkPools["ec2"].EventsQueueUrl);
    }

    [Fact]
    public void An_events_queue_url_that_is_no_queue_url_or_sits_on_a_local_pool_is_named()
    {
        var message = Problems("""
            { "durableFlows": { "workPools": {
                "ec2": { "type": "ecs", "taskDefinition": "runner", "launchType": "EC2", "eventsQueueUrl": "ecs-task-state-changes" },
                "local": { "type": "local", "eventsQueueUrl": "http://127.0.0.1:5000/000000000000/events" } },
              "deployments": [ { "name": "Sub Flow1/d", "workPool": "local" } ] } }
            """);

        Assert.Equal(
            string.Join(Environment.NewLine,
                "host.json: durableFlows.workPools.ec2.eventsQueueUrl = ecs-task-state-changes is not an SQS queue URL; expected such as https://sqs.us-east-1.amazonaws.com/123456789012/ecs-task-state-changes",
                "host.json: durableFlows.workPools.local.eventsQueueUrl is set on a local pool; the local emulator hands its task state changes to the host in-process; remove it or use type ecs",
                "host.json: durableFlows.deployments[0].workPool = local is not a configured work pool; known pools: none (durableFlows.workPools is empty or invalid)"),
            message);
    }
}
