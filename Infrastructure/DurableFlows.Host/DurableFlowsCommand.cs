using System.CommandLine;

namespace DurableFlows.Host;

/// <summary>The <c>durableflows</c> command line.</summary>
internal static class DurableFlowsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("DurableFlows: durable Prefect-style pipelines in C#, on the Durable Task protocol.");
        foreach (var command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
