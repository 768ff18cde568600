using System.Text.Json;
using Microsoft.DurableTask;

namespace DurableFlows.Sidecar.Tests;

/// <summary>The orchestrations and activities the fixture's default worker runs.</summary>
public static class Flows
{
    /// <summary>Registers every flow of this class.</summary>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivityFunc<string, string>("Wrap", (_, input) => $"[{input}]");
        registry.AddActivityFunc<string, string>("Boom", (_, input) => Task.FromException<string>(new InvalidOperationException($"boom: {input}")));

        // Three sequential activities: "x" becomes "[[[x]]]".
        registry.AddOrchestratorFunc<string, string>("Chain", async (context, input) =>
        {
            var value = input;
            for (var i = 0; i < 3; i++)
            {
                value = await context.CallActivityAsync<string>("Wrap", value);
            }

            return value;
        });
        registry.AddOrchestratorFunc<string, string>("Parent", async (context, input) =>
            "parent:" + await context.CallSubOrchestratorAsync<string>("Chain", input));
        registry.AddOrchestratorFunc<string, string>("Sleeper", async (context, _) =>
        {
            await context.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            return "woke";
        });
        registry.AddOrchestratorFunc<string, string>("Approval", async (context, _) =>
            "approved by " + await context.WaitForExternalEvent<string>("approve"));
        registry.AddOrchestratorFunc<int, int>("Counter", (context, count) =>
        {
            if (count < 3)
            {
                context.ContinueAsNew(count + 1);
            }

            return Task.FromResult(count);
        });
        registry.AddOrchestratorFunc<string, string>("Fails", (context, input) => context.CallActivityAsync<string>("Boom", input));
        registry.AddOrchestratorFunc<string, string>("CatchChild", async (context, input) =>
        {
            try
            {
                return await context.CallSubOrchestratorAsync<string>("Fails", input);
            }
            catch (TaskFailedException e)
            {
                return "caught: " + e.FailureDetails.ErrorMessage;
            }
        });
        registry.AddOrchestratorFunc<string, string>("Forever", (context, _) => context.WaitForExternalEvent<string>("never"));

        // A parent, a child and a grandchild that all wait forever: recursive terminate must reach all three.
        registry.AddOrchestratorFunc<int, string>("Tree", async (context, depth) =>
        {
            if (depth > 0)
            {
                await context.CallSubOrchestratorAsync<string>("Tree", depth - 1, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-" + depth });
            }

            return await context.WaitForExternalEvent<string>("never");
        });

        // A parent whose child completes: recursive purge must delete both.
        registry.AddOrchestratorFunc<string, string>("ParentOfChain", (context, input) =>
            context.CallSubOrchestratorAsync<string>("Chain", input, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-child" }));

        registry.AddOrchestratorFunc<string, JsonElement>("Watcher", (context, _) => context.WaitForExternalEvent<JsonElement>("child-done"));
    }
}
