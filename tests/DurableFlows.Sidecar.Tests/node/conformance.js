// Drives our sidecar with another Durable Task SDK: @microsoft/durabletask-js as client and worker.
// Usage: node conformance.js <host:port> <queue>
// Prints one JSON line with the finished instance's status and output.
const { TaskHubGrpcClient, TaskHubGrpcWorker, NoOpLogger, OrchestrationStatus } = require("@microsoft/durabletask-js");
const grpc = require("@grpc/grpc-js");

const [hostAddress, queue] = process.argv.slice(2);
const metadataGenerator = async () => {
  const metadata = new grpc.Metadata();
  metadata.set("x-durableflows-queue", queue);
  return metadata;
};

const greet = (_ctx, name) => `hello ${name}`;
const shout = (_ctx, text) => text.toUpperCase();

// durabletask-js 0.4.0 drives only async generators; a plain generator would be taken as the output itself.
async function* greeting(ctx, name) {
  const first = yield ctx.callActivity(greet, name);
  const approval = yield ctx.waitForExternalEvent("approve");
  const second = yield ctx.callActivity(shout, `${first}, approved by ${approval.by}`);
  return { first, second };
}

async function main() {
  const logger = new NoOpLogger();
  const worker = new TaskHubGrpcWorker({ hostAddress, metadataGenerator, logger, workItemFilters: "auto" });
  worker.addOrchestrator(greeting);
  worker.addActivity(greet);
  worker.addActivity(shout);
  await worker.start();

  const client = new TaskHubGrpcClient({ hostAddress, metadataGenerator, logger });
  try {
    const id = await client.scheduleNewOrchestration(greeting, "js", { tags: { "durableflows.queue": queue } });
    await client.waitForOrchestrationStart(id, false, 30);
    await client.raiseOrchestrationEvent(id, "approve", { by: "node" });
    const state = await client.waitForOrchestrationCompletion(id, true, 30);
    console.log(JSON.stringify({ instanceId: id, runtimeStatus: OrchestrationStatus[state.runtimeStatus], output: state.serializedOutput, failure: state.failureDetails?.message ?? null }));
  } finally {
    await worker.stop();
    await client.stop();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
