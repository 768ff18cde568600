// Drives the ECS emulator with the official AWS SDK for JavaScript v3 and prints what the SDK returned, as JSON.
// Usage: node ecs-sdk-client.cjs <endpoint> <marker-file>   (NODE_PATH = tests/node/node_modules)
const {
  ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, DescribeTasksCommand,
  StopTaskCommand, ListTasksCommand,
} = require("@aws-sdk/client-ecs");

const [endpoint, marker] = process.argv.slice(2);
const client = (secretAccessKey) => new ECSClient({
  endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: "test", secretAccessKey },
});
const ecs = client("test");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(taskArn, lastStatus) {
  for (let i = 0; i < 750; i++) {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ tasks: [taskArn], include: ["TAGS"] }));
    if (tasks[0].lastStatus === lastStatus) return tasks[0];
    await sleep(20);
  }
  throw new Error(`task ${taskArn} never reached ${lastStatus}`);
}

async function errorOf(promise) {
  try { await promise; return null; } catch (e) {
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, fault: e.$fault };
  }
}

(async () => {
  const out = {};
  const registered = await ecs.send(new RegisterTaskDefinitionCommand({
    family: "sdk-runner", cpu: "256", memory: "512", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"],
    containerDefinitions: [{
      name: "runner", image: "example.com/runner:1", essential: true,
      command: ["/bin/sh", "-c", `trap 'echo term > ${marker}; exit 0' TERM; while true; do sleep 0.02; done`],
      environment: [{ name: "FROM_DEFINITION", value: "1" }],
    }],
  }));
  out.taskDefinitionArn = registered.taskDefinition.taskDefinitionArn;

  const run = await ecs.send(new RunTaskCommand({
    taskDefinition: "sdk-runner", launchType: "FARGATE", clientToken: "sdk-token-1", startedBy: "sdk-test",
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"], assignPublicIp: "DISABLED" } },
    overrides: { cpu: "512", memory: "1024", containerOverrides: [{ name: "runner", environment: [{ name: "RUN_ID", value: "r-7" }] }] },
    tags: [{ key: "durableflows.run", value: "r-7" }],
  }));
  out.runFailures = run.failures;
  const taskArn = run.tasks[0].taskArn;
  out.run = { taskArn, lastStatus: run.tasks[0].lastStatus, createdAtIsDate: run.tasks[0].createdAt instanceof Date };
  const again = await ecs.send(new RunTaskCommand({
    taskDefinition: "sdk-runner", launchType: "FARGATE", clientToken: "sdk-token-1", startedBy: "sdk-test",
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"], assignPublicIp: "DISABLED" } },
    overrides: { cpu: "512", memory: "1024", containerOverrides: [{ name: "runner", environment: [{ name: "RUN_ID", value: "r-7" }] }] },
    tags: [{ key: "durableflows.run", value: "r-7" }],
  }));
  out.repeatedTaskArn = again.tasks[0].taskArn;

  const running = await waitFor(taskArn, "RUNNING");
  out.running = { cpu: running.cpu, memory: running.memory, startedBy: running.startedBy, tags: running.tags,
    startedAtIsDate: running.startedAt instanceof Date, container: running.containers[0].name,
    overrideEnv: running.overrides.containerOverrides[0].environment };

  const listed = await ecs.send(new ListTasksCommand({ startedBy: "sdk-test" }));
  out.listed = listed.taskArns;

  const stop = await ecs.send(new StopTaskCommand({ task: taskArn, reason: "stopped from the JS SDK" }));
  out.stop = { desiredStatus: stop.task.desiredStatus };
  const stopped = await waitFor(taskArn, "STOPPED");
  out.stopped = { stopCode: stopped.stopCode, stoppedReason: stopped.stoppedReason, exitCode: stopped.containers[0].exitCode,
    stoppedAtIsDate: stopped.stoppedAt instanceof Date, version: stopped.version };
  out.listedAfterStop = (await ecs.send(new ListTasksCommand({ startedBy: "sdk-test" }))).taskArns;

  out.missing = (await ecs.send(new DescribeTasksCommand({ tasks: ["0000"] }))).failures;
  out.clusterNotFound = await errorOf(ecs.send(new ListTasksCommand({ cluster: "nowhere" })));
  out.wrongSecret = await errorOf(client("wrong").send(new ListTasksCommand({})));
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
