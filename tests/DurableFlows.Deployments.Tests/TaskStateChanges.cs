using System.Text.Json.Nodes;

namespace DurableFlows.Deployments.Tests;

/// <summary>EventBridge "ECS Task State Change" events shaped as AWS documents them.</summary>
internal static class TaskStateChanges
{
    public const string TaskArn = "arn:aws:ecs:eu-west-1:123456789012:task/durableflows/0f3b9c2e8e4a4b7f9a1c2d3e4f5a6b7c";

    public static string Stopped(
        string instanceId = "main-1-run-1",
        long version = 4,
        string stopCode = "EssentialContainerExited",
        string? stoppedReason = "Essential container in task exited",
        int? runnerExit = 137,
        string? runnerReason = "OutOfMemoryError: Container killed due to memory usage",
        bool withContainers = true,
        string lastStatus = "STOPPED",
        string taskArn = TaskArn)
    {
        var detail = new JsonObject
        {
            ["clusterArn"] = "arn:aws:ecs:eu-west-1:123456789012:cluster/durableflows",
            ["taskArn"] = taskArn,
            ["taskDefinitionArn"] = "arn:aws:ecs:eu-west-1:123456789012:task-definition/durableflows-runner:3",
            ["lastStatus"] = lastStatus,
            ["desiredStatus"] = "STOPPED",
            ["launchType"] = "FARGATE",
            ["cpu"] = "512",
            ["memory"] = "1024",
            ["startedBy"] = "df-0123456789abcdef0123456789abcdef",
            ["stopCode"] = stopCode,
            ["stoppedReason"] = stoppedReason,
            ["version"] = version,
            ["containers"] = withContainers
                ? new JsonArray(
                    new JsonObject { ["name"] = "log-router", ["lastStatus"] = "STOPPED", ["exitCode"] = 0 },
                    new JsonObject { ["name"] = "runner", ["lastStatus"] = "STOPPED", ["exitCode"] = runnerExit, ["reason"] = runnerReason })
                : new JsonArray(),
            ["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(
                    new JsonObject { ["name"] = "log-router" },
                    new JsonObject
                    {
                        ["name"] = "runner",
                        ["environment"] = new JsonArray(
                            new JsonObject { ["name"] = "DURABLEFLOWS_QUEUE", ["value"] = "run-" + instanceId },
                            new JsonObject { ["name"] = "DURABLEFLOWS_INSTANCE_ID", ["value"] = instanceId }),
                    }),
            },
        };
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = "3317b2af-7005-947d-b652-f55e762e571a",
            ["detail-type"] = "ECS Task State Change",
            ["source"] = "aws.ecs",
            ["account"] = "123456789012",
            ["time"] = "2026-11-28T12:00:00Z",
            ["region"] = "eu-west-1",
            ["resources"] = new JsonArray(taskArn),
            ["detail"] = detail,
        }.ToJsonString();
    }
}
