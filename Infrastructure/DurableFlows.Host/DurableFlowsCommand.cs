namespace DurableFlows.Host;

/// <summary>The <c>durableflows</c> command line.</summary>
internal static class DurableFlowsCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine($"durableflows: no commands are wired yet ({args.Length} arguments).");
        return Task.FromResult(2);
    }
}
